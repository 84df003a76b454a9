import { nonNegativeInt, numberIn, positiveInt } from '../config/numbers.js';
import { oneOf, optional, struct, withDefault } from '../config/struct.js';

/** How the learning rate falls after the warmup. */
export type LearningRateDecay = 'constant' | 'cosine' | 'linear';

/**
 * A learning-rate schedule η(k) = η₀·f(k) over the optimizer step k = 0, 1, …: a linear warmup
 * f(k) = (k + 1)/warmup for k < warmup, then a decay from 1 to `minFactor` over the steps warmup … decaySteps
 * (cosine: ½(1 + cos πp), linear: 1 − p, with p the fraction of the decay done), `minFactor` after.
 */
export interface LearningRateSchedule {
  readonly warmup: number;
  readonly decay: LearningRateDecay;
  /** The step at which the decay ends (default: `train.steps`). */
  readonly decaySteps?: number;
  /** η at the end of the decay, as a fraction of η₀. */
  readonly minFactor: number;
}

/** The config codec of `optimizer.schedule` (path-named errors; every field has a default). */
export const learningRateScheduleCodec = struct('learning-rate schedule', {
  warmup: withDefault(nonNegativeInt, 0),
  decay: withDefault(oneOf<LearningRateDecay>(['constant', 'cosine', 'linear']), 'constant'),
  decaySteps: optional(positiveInt),
  minFactor: withDefault(numberIn(0, 1), 0),
});

const decays: Record<LearningRateDecay, (p: number) => number> = {
  constant: () => 1,
  cosine: (p) => 0.5 * (1 + Math.cos(Math.PI * p)),
  linear: (p) => 1 - p,
};

/** f(k): the factor on the base learning rate at optimizer step k (0-based); `totalSteps` ends the decay by default. */
export function learningRateFactor(schedule: LearningRateSchedule, step: number, totalSteps: number): number {
  const { warmup, minFactor } = schedule;
  if (step < warmup) return (step + 1) / warmup;
  if (schedule.decay === 'constant') return 1;
  const end = schedule.decaySteps ?? totalSteps;
  const p = end > warmup ? Math.min(1, (step - warmup) / (end - warmup)) : 1;
  return minFactor + (1 - minFactor) * decays[schedule.decay](p);
}
