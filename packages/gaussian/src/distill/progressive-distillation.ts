import * as tf from '@tensorflow/tfjs';
import {
  COEFFICIENT_RATES,
  describeCapability,
  randomBatch,
  type Dataset,
  type Network,
  type Rng,
} from '@udm/core';
import type { LossWeighting } from '../objective/loss-weighting.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { copyWeights } from './copy-weights.js';
import { distillationTarget, type GaussianPredictor } from './distillation-target.js';

/** A model being distilled: a predictor with trainable weights. */
export interface DistillModel extends GaussianPredictor {
  readonly network: Network;
}

export interface DistillRoundOptions {
  readonly teacher: GaussianPredictor;
  readonly student: DistillModel;
  readonly process: GaussianProcess;
  readonly data: Dataset;
  readonly optimizer: tf.Optimizer;
  readonly rng: Rng;
  readonly batchSize: number;
  /** Optimizer steps of this round. */
  readonly steps: number;
  /** N, the student's number of sampling steps (the teacher takes 2N). */
  readonly studentSteps: number;
  /** ω(t) on the x0-error ‖x̃ − x̂0‖² (the paper: truncated SNR, max(SNR, 1)). */
  readonly weighting: LossWeighting;
  readonly onStep?: (step: number, loss: number) => void;
}

export interface DistillRoundSummary {
  readonly studentSteps: number;
  readonly steps: number;
  readonly meanLoss: number;
  readonly lastLoss: number;
  readonly seconds: number;
}

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

function checkRound(o: DistillRoundOptions): void {
  if (o.process.time.kind !== 'continuous') {
    throw new RangeError(
      `distill: needs ${describeCapability(COEFFICIENT_RATES)} (the halved grids must nest)`,
    );
  }
  if (!Number.isInteger(o.studentSteps) || o.studentSteps < 1)
    throw new RangeError(`distill: studentSteps: expected a positive integer, got ${o.studentSteps}`);
  if (!Number.isInteger(o.steps) || o.steps < 1)
    throw new RangeError(`distill: steps: expected a positive integer, got ${o.steps}`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1)
    throw new RangeError(`distill: batchSize: expected a positive integer, got ${o.batchSize}`);
  if (o.weighting.space !== 'x0')
    throw new RangeError(
      `distill: weighting: expected a weighting on the x0-error (space "x0"), got "${o.weighting.space}"`,
    );
}

/**
 * One round of progressive distillation (Salimans & Ho 2022, Algorithm 2): the student learns to match two teacher
 * DDIM steps with one, L = ω(t)‖x̃ − x̂0_student(z_t)‖², on the grid of N = `studentSteps` steps.
 */
export async function distillRound(o: DistillRoundOptions): Promise<DistillRoundSummary> {
  checkRound(o);
  const varList = [...o.student.network.variables.values()];
  const began = performance.now();
  let sum = 0;
  let last = NaN;
  for (let step = 1; step <= o.steps; step++) {
    const batch = randomBatch(o.data, o.batchSize, o.rng);
    const { t, tMid, tEnd } = distillationTimes(o.process, o.studentSteps, o.batchSize, o.rng);
    const w = Float32Array.from(o.weighting.weights(t));
    const { value, grads } = tf.tidy(() => {
      const eps = o.process.sampleNoise(batch.x0, o.rng);
      const zt = o.process.forward(batch.x0, eps, t);
      const target = distillationTarget(o.teacher, o.process, zt, t, tMid, tEnd);
      return tf.variableGrads(() => {
        const x0 = o.student.predict(zt, t).x0;
        const sq = tf.squaredDifference(x0, target);
        const axes = Array.from({ length: sq.rank - 1 }, (_, k) => k + 1);
        return tf.mean(tf.mul(axes.length ? tf.mean(sq, axes) : sq, tf.tensor1d(w))) as tf.Scalar;
      }, varList);
    });
    tf.dispose([batch.x0, batch.labels]);
    last = value.dataSync()[0]!;
    value.dispose();
    if (!Number.isFinite(last)) {
      tf.dispose(grads);
      throw new Error(`distill: the loss is ${last} at step ${step} of the round with N = ${o.studentSteps}`);
    }
    o.optimizer.applyGradients(grads);
    tf.dispose(grads);
    sum += last;
    o.onStep?.(step, last);
  }
  return {
    studentSteps: o.studentSteps,
    steps: o.steps,
    meanLoss: sum / o.steps,
    lastLoss: last,
    seconds: (performance.now() - began) / 1000,
  };
}

export interface ProgressiveDistillationOptions extends Omit<
  DistillRoundOptions,
  'teacher' | 'studentSteps' | 'optimizer'
> {
  /** The trained model; its weights become each round's student in turn (it is the teacher of the next). */
  readonly teacher: DistillModel;
  /** The teacher's number of sampling steps at the start (even). */
  readonly teacherSteps: number;
  readonly rounds: number;
  /** A fresh optimizer per round (the paper restarts the optimizer). */
  readonly optimizer: () => tf.Optimizer;
  /** Called after each round with the student's step count, while the student holds the distilled weights. */
  readonly onRound?: (summary: DistillRoundSummary, student: DistillModel) => void | Promise<void>;
}

/**
 * Progressive distillation: each round the student starts from the teacher, learns to do in N/2 steps what the
 * teacher does in N, and becomes the next teacher. Returns one summary per round; the teacher ends with the last
 * student's weights.
 */
export async function progressiveDistillation(
  o: ProgressiveDistillationOptions,
): Promise<DistillRoundSummary[]> {
  const out: DistillRoundSummary[] = [];
  let n = o.teacherSteps;
  for (let round = 0; round < o.rounds; round++) {
    if (n % 2 !== 0)
      throw new RangeError(`distill: round ${round + 1}: the teacher's ${n} steps cannot be halved`);
    copyWeights(o.teacher.network, o.student.network);
    const optimizer = o.optimizer();
    try {
      const summary = await distillRound({ ...o, teacher: o.teacher, studentSteps: n / 2, optimizer });
      out.push(summary);
      await o.onRound?.(summary, o.student);
    } finally {
      optimizer.dispose();
    }
    copyWeights(o.student.network, o.teacher.network);
    n /= 2;
  }
  return out;
}
