import { contribution, literal, numberIn, Registry, required, struct, withDefault } from '@udm/core';
import { exponentialStd } from './exponential-std.js';

/** The per-pass standard deviations σ_0 … σ_{T−1} of a cumulative blur, in float64. */
export interface StdSchedule {
  stds(T: number): Float64Array;
}

const positive = numberIn(0, 1000, { lo: true });

export const constantStd = contribution({
  kind: 'constant',
  description: 'the same σ for every pass (MNIST in the paper: σ = 7)',
  codec: struct('constant std schedule', {
    kind: required(literal('constant')),
    value: withDefault(positive, 7),
  }),
  create: (c): StdSchedule => ({ stds: (T) => new Float64Array(T).fill(c.value) }),
});

export const linearStd = contribution({
  kind: 'linear',
  description: 'σ_i = start + step·i (CIFAR-10 in the paper: 0.35 + 0.01·i)',
  codec: struct('linear std schedule', {
    kind: required(literal('linear')),
    start: withDefault(positive, 0.35),
    step: withDefault(numberIn(0, 1000), 0.01),
  }),
  create: (c): StdSchedule => ({
    stds: (T) => Float64Array.from({ length: T }, (_, i) => c.start + c.step * i),
  }),
});

/** The built-in std schedules (bound to `COLD_CHOICES.StdSchedule` by `coldModule`). */
export const stdSchedules = [constantStd, linearStd, exponentialStd];

/** The built-in std schedules by `process.degradation.std.kind`, for use without a container. */
export const stdScheduleRegistry = new Registry<StdSchedule, unknown>(
  'process.degradation.std',
  stdSchedules,
);
