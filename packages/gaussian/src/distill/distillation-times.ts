import type { Rng } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';

/**
 * The student's training times t = i/N of the continuous domain, i ∼ U{1..N}, with t′ = t − ½/N and t″ = t − 1/N
 * (t″ the origin for i = 1): the grid `linspace` samples the student on.
 */
export function distillationTimes(
  process: GaussianProcess,
  studentSteps: number,
  batch: number,
  rng: Rng,
): { t: Float64Array; tMid: Float64Array; tEnd: Float64Array } {
  const { time } = process;
  const span = (time.tMax - time.origin) / studentSteps;
  const i = Float64Array.from({ length: batch }, () => 1 + rng.int(studentSteps));
  return {
    t: i.map((k) => time.origin + k * span),
    tMid: i.map((k) => time.origin + (k - 0.5) * span),
    tEnd: i.map((k) => (k === 1 ? time.origin : time.origin + (k - 1) * span)),
  };
}
