import {
  booleanCodec,
  contribution,
  literal,
  numberIn,
  timeStepCount,
  Registry,
  required,
  struct,
  withDefault,
} from '@udm/core';
import { ContinuousMaskClock } from './continuous-clock.js';
import { DiscreteMaskClock } from './discrete-clock.js';
import type { MaskClock } from './mask-clock.js';

export const continuousClock = contribution({
  kind: 'continuous',
  description: 't ∈ [0, 1]; training times on [tMin, 1], stratified over the batch when antithetic',
  codec: struct('continuous time', {
    kind: required(literal('continuous')),
    tMin: withDefault(numberIn(0, 1, { lo: true, hi: true }), 1e-3),
    antithetic: withDefault(booleanCodec, true),
  }),
  create: (c): MaskClock => new ContinuousMaskClock(c.tMin, c.antithetic),
});

export const discreteClock = contribution({
  kind: 'discrete',
  description: 'T steps t = 0..T−1, kept fraction α((t + 1)/T)',
  codec: struct('discrete time', {
    kind: required(literal('discrete')),
    T: withDefault(timeStepCount, 1000),
    antithetic: withDefault(booleanCodec, true),
  }),
  create: (c): MaskClock => new DiscreteMaskClock(c.T, c.antithetic),
});

/** The built-in clocks (bound to `MASKED_CHOICES.MaskClock` by `maskedModule`). */
export const maskClocks = [continuousClock, discreteClock];

/** The built-in kinds of time a masking process can run on (`process.time.kind`), for use without a container. */
export const maskClockRegistry = new Registry<MaskClock, unknown>('process.time', maskClocks);
