import { numberIn } from '../config/numbers.js';
import { literal, required, struct, withDefault } from '../config/struct.js';
import { contribution } from '../di/contribution.js';
import { Registry } from '../di/registry.js';
import { CosineKeepSchedule } from './cosine-keep-schedule.js';
import type { KeepSchedule } from './keep-schedule.js';
import { LinearKeepSchedule } from './linear-keep-schedule.js';
import { LogLinearKeepSchedule } from './log-linear-keep-schedule.js';

export const linearKeepSchedule = contribution({
  kind: 'linear',
  description: 'α(τ) = 1 − τ (the seed: kept fraction 1 − t/T)',
  codec: struct('linear keep schedule', { kind: required(literal('linear')) }),
  create: (): KeepSchedule => new LinearKeepSchedule(),
});

export const logLinearKeepSchedule = contribution({
  kind: 'log-linear',
  description: 'α(τ) = 1 − (1 − ε)τ (MDLM)',
  codec: struct('log-linear keep schedule', {
    kind: required(literal('log-linear')),
    eps: withDefault(numberIn(0, 1, { hi: true }), 1e-3),
  }),
  create: (c): KeepSchedule => new LogLinearKeepSchedule(c.eps),
});

export const cosineKeepSchedule = contribution({
  kind: 'cosine',
  description: 'α(τ) = cos(πτ/2)',
  codec: struct('cosine keep schedule', { kind: required(literal('cosine')) }),
  create: (): KeepSchedule => new CosineKeepSchedule(),
});

/** The built-in keep schedules (bound to `DISCRETE_CHOICES.KeepSchedule` by `coreModule`). */
export const keepSchedules = [linearKeepSchedule, logLinearKeepSchedule, cosineKeepSchedule];

/** The built-in keep schedules by `process.schedule.kind`, for parts built without a container. */
export const keepScheduleRegistry = new Registry<KeepSchedule, unknown>('process.schedule', keepSchedules);
