import type * as tf from '@tensorflow/tfjs';
import {
  COEFFICIENT_RATES,
  describeCapability,
  train,
  type Dataset,
  type Network,
  type Rng,
  type TrainOptions,
  type TrainProgress,
} from '@udm/core';
import type { LossWeighting } from '../objective/loss-weighting.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { copyWeights } from './copy-weights.js';
import { distillationObjective } from './distillation-objective.js';
import type { GaussianPredictor } from './distillation-target.js';

export { distillationTimes } from './distillation-times.js';

/** A model being distilled: a predictor with trainable weights. */
export interface DistillModel extends GaussianPredictor {
  readonly network: Network;
}

/** What core's `train()` adds to a round when asked: EMA, checkpoints (exact resume), a stop signal, accumulation. */
export type DistillTrainerOptions = Partial<
  Pick<
    TrainOptions,
    'ema' | 'checkpoint' | 'checkpointEvery' | 'signal' | 'gradClipNorm' | 'accumulate' | 'startStep'
  >
>;

export interface DistillRoundOptions extends DistillTrainerOptions {
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
  /** The optimizer steps done when the round ended (`steps`, or fewer when a `signal` stopped it). */
  readonly step: number;
  /** Whether a `signal` stopped the round early (its checkpoint sink, if any, then holds where it stopped). */
  readonly stopped: boolean;
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
 * DDIM steps with one, L = ω(t)‖x̃ − x̂0_student(z_t)‖², on the grid of N = `studentSteps` steps. The loss is
 * `distillationObjective`, run by core's one `train()` (its divergence and out-of-memory checks included).
 */
export async function distillRound(o: DistillRoundOptions): Promise<DistillRoundSummary> {
  checkRound(o);
  const summary = await train({
    objective: distillationObjective(o),
    network: o.student.network,
    data: o.data,
    optimizer: o.optimizer,
    rng: o.rng,
    batchSize: o.batchSize,
    steps: o.steps,
    ...(o.onStep ? { onStep: (p: TrainProgress) => o.onStep!(p.step, p.loss) } : {}),
    ...trainerOptions(o),
  });
  return {
    studentSteps: o.studentSteps,
    steps: o.steps,
    meanLoss: summary.meanLoss,
    lastLoss: summary.lastLoss,
    seconds: summary.seconds,
    step: summary.step,
    stopped: summary.stopped,
  };
}

function trainerOptions(o: DistillTrainerOptions): DistillTrainerOptions {
  const keys = [
    'ema',
    'checkpoint',
    'checkpointEvery',
    'signal',
    'gradClipNorm',
    'accumulate',
    'startStep',
  ] as const;
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
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
