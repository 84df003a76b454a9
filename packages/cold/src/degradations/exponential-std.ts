import { contribution, literal, numberIn, required, struct, withDefault } from '@udm/core';
import type { StdSchedule } from './std-schedules.js';

/** σ_i = start·rate^i: an exponential blur schedule (each pass blurs more than the last). */
export const exponentialStd = contribution({
  kind: 'exponential',
  description: 'σ_i = start·rate^i (an exponential blur schedule)',
  codec: struct('exponential std schedule', {
    kind: required(literal('exponential')),
    start: withDefault(numberIn(0, 1000, { lo: true }), 0.5),
    rate: withDefault(numberIn(1, 10), 1.15),
  }),
  create: (c): StdSchedule => ({
    stds: (T) => Float64Array.from({ length: T }, (_, i) => c.start * c.rate ** i),
  }),
});
