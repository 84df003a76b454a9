import type * as tf from '@tensorflow/tfjs';
import type { ConditionalStep, ForwardProcess, PointPrediction, Rng } from '@udm/core';

/** What a plugin hands the conformance kit. */
export interface ConformanceSubject {
  readonly name: string;
  readonly process: ForwardProcess;
  /** A batch of example data x0 (the kit disposes it). */
  makeX0(batch: number, rng: Rng): tf.Tensor;
  /** Times to test at (default: tMin, the middle, tMax of the process's domain). */
  readonly times?: readonly number[];
  /** Steps to check against the marginal constraint, given the true x0 as the prediction. */
  readonly steps?: ReadonlyArray<{
    readonly name: string;
    readonly step: ConditionalStep<tf.Tensor, PointPrediction>;
  }>;
  /** Absolute tolerance for exact identities (default 1e-4, float32 arithmetic). */
  readonly tolerance?: number;
}

/** The default test times of a subject. */
export function testTimes(subject: ConformanceSubject): number[] {
  if (subject.times) return [...subject.times];
  const d = subject.process.time;
  const mid = d.kind === 'discrete' ? Math.floor((d.tMin + d.tMax) / 2) : (d.tMin + d.tMax) / 2;
  return [...new Set([d.tMin, mid, d.tMax])];
}
