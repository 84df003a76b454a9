import { contribution, literal, numberIn, Registry, required, struct, withDefault } from '@udm/core';
import { CosineMaskSchedule } from './cosine-schedule.js';
import { LinearMaskSchedule } from './linear-schedule.js';
import { LogLinearMaskSchedule } from './log-linear-schedule.js';
import type { MaskSchedule } from './mask-schedule.js';

export const linearMaskSchedule = contribution({
  kind: 'linear',
  description: 'α(τ) = 1 − τ (the seed: kept fraction 1 − t/T)',
  codec: struct('linear mask schedule', { kind: required(literal('linear')) }),
  create: (): MaskSchedule => new LinearMaskSchedule(),
});

export const logLinearMaskSchedule = contribution({
  kind: 'log-linear',
  description: 'α(τ) = 1 − (1 − ε)τ (MDLM)',
  codec: struct('log-linear mask schedule', {
    kind: required(literal('log-linear')),
    eps: withDefault(numberIn(0, 1, { hi: true }), 1e-3),
  }),
  create: (c): MaskSchedule => new LogLinearMaskSchedule(c.eps),
});

export const cosineMaskSchedule = contribution({
  kind: 'cosine',
  description: 'α(τ) = cos(πτ/2)',
  codec: struct('cosine mask schedule', { kind: required(literal('cosine')) }),
  create: (): MaskSchedule => new CosineMaskSchedule(),
});

/** The built-in masking schedules (bound to `MASKED_CHOICES.MaskSchedule` by `maskedModule`). */
export const maskSchedules = [linearMaskSchedule, logLinearMaskSchedule, cosineMaskSchedule];

/** The built-in masking schedules by `process.schedule.kind`, for parts built without a container. */
export const maskScheduleRegistry = new Registry<MaskSchedule, unknown>('process.schedule', maskSchedules);
