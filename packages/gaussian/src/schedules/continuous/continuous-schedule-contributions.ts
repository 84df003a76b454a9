import { contribution, literal, numberIn, Registry, required, struct, withDefault } from '@udm/core';
import type { ContinuousAlphaBar } from './continuous-alpha-bar.js';
import { CosineAlphaBar } from './cosine-alpha-bar.js';
import { VpSdeAlphaBar } from './vp-sde-alpha-bar.js';

export const vpSdeAlphaBar = contribution({
  kind: 'linear',
  description: 'VP SDE ᾱ(t) = exp(−β_min t − ½(β_max − β_min) t²)',
  codec: struct('linear continuous schedule', {
    kind: required(literal('linear')),
    betaMin: withDefault(numberIn(0, 1000, { lo: true }), 0.1),
    betaMax: withDefault(numberIn(0, 1000, { lo: true }), 20),
  }),
  create: (c): ContinuousAlphaBar => new VpSdeAlphaBar(c.betaMin, c.betaMax),
});

export const cosineAlphaBar = contribution({
  kind: 'cosine',
  aliases: ['squaredcos_cap_v2'],
  description: 'ᾱ(t) = cos²((t + s)/(1 + s)·π/2) / cos²(s/(1 + s)·π/2) (also "squaredcos_cap_v2", diffusers)',
  codec: struct('cosine continuous schedule', {
    kind: required(literal('cosine')),
    offset: withDefault(numberIn(0, 1), 0.008),
  }),
  create: (c): ContinuousAlphaBar => new CosineAlphaBar(c.offset),
});

/** The built-in ᾱ(t) of the continuous VP process (bound to `GAUSSIAN_CHOICES.ContinuousSchedule`). */
export const continuousSchedules = [vpSdeAlphaBar, cosineAlphaBar];

/** The built-in ᾱ(t) by `process.schedule.kind`, for parts built without a container (`vpContinuousProcess`). */
export const continuousScheduleRegistry = new Registry<ContinuousAlphaBar, unknown>(
  'process.schedule',
  continuousSchedules,
);
