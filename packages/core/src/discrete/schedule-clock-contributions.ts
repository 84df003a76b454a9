import { numberIn, timeStepCount } from '../config/numbers.js';
import { booleanCodec } from '../config/primitives.js';
import { literal, required, struct, withDefault } from '../config/struct.js';
import { contribution } from '../di/contribution.js';
import { Registry } from '../di/registry.js';
import { ContinuousScheduleClock } from './continuous-schedule-clock.js';
import { DiscreteScheduleClock } from './discrete-schedule-clock.js';
import type { ScheduleClock } from './schedule-clock.js';

export const continuousScheduleClock = contribution({
  kind: 'continuous',
  description: 't ∈ [0, 1]; training times on [tMin, 1], stratified over the batch when antithetic',
  codec: struct('continuous time', {
    kind: required(literal('continuous')),
    tMin: withDefault(numberIn(0, 1, { lo: true, hi: true }), 1e-3),
    antithetic: withDefault(booleanCodec, true),
  }),
  create: (c): ScheduleClock => new ContinuousScheduleClock(c.tMin, c.antithetic),
});

export const discreteScheduleClock = contribution({
  kind: 'discrete',
  description: 'T steps t = 0..T−1, kept fraction α((t + 1)/T)',
  codec: struct('discrete time', {
    kind: required(literal('discrete')),
    T: withDefault(timeStepCount, 1000),
    antithetic: withDefault(booleanCodec, true),
  }),
  create: (c): ScheduleClock => new DiscreteScheduleClock(c.T, c.antithetic),
});

/** The built-in clocks (bound to `DISCRETE_CHOICES.ScheduleClock` by `coreModule`). */
export const scheduleClocks = [continuousScheduleClock, discreteScheduleClock];

/** The built-in kinds of time a discrete process can run on (`process.time.kind`), for use without a container. */
export const scheduleClockRegistry = new Registry<ScheduleClock, unknown>('process.time', scheduleClocks);
