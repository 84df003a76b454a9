import {
  AFFINE_GAUSSIAN,
  COEFFICIENT_RATES,
  DISCRETE_TIME,
  INVERTIBLE,
  booleanCodec,
  contribution,
  literal,
  numberIn,
  timeStepCount,
  required,
  struct,
  withDefault,
  type Registry,
} from '@udm/core';
import type { BetaSchedule } from '../schedules/beta-schedule.js';
import type { ContinuousAlphaBar } from '../schedules/continuous/continuous-alpha-bar.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { continuousScheduleRegistry } from '../schedules/continuous/continuous-schedule-contributions.js';
import { scheduleRegistry } from '../schedules/schedule-contributions.js';
import { rescaleZeroTerminalSnr } from '../schedules/zero-terminal-snr.js';
import { RectifiedFlowProcess } from './rectified-flow-process.js';
import { VeProcess } from './ve-process.js';
import { VpContinuousProcess } from './vp-continuous-process.js';
import { VpProcess } from './vp-process.js';

/** What every Gaussian process declares: α_t, σ_t, and F_t⁻¹. */
const GAUSSIAN = [AFFINE_GAUSSIAN, INVERTIBLE] as const;
/** Discrete-time Gaussian processes (VP). */
export const DISCRETE_GAUSSIAN = [...GAUSSIAN, DISCRETE_TIME];
/** Continuous-time Gaussian processes (with dα/dt, dσ/dt). */
export const CONTINUOUS_GAUSSIAN = [...GAUSSIAN, COEFFICIENT_RATES];

/** The `vp` process contribution choosing `process.schedule` among `schedules`' kinds. */
export function vpProcessWith(schedules: Registry<BetaSchedule, unknown>) {
  return contribution({
    kind: 'vp',
    description: 'variance-preserving Gaussian x_t = √ᾱ_t x0 + √(1−ᾱ_t) ε on t = 0..T−1 (diffusers indexing)',
    codec: struct('vp process', {
      kind: required(literal('vp')),
      T: withDefault(timeStepCount, 1000),
      schedule: withDefault(schedules.codec(), { kind: 'linear' }),
      rescaleZeroTerminalSnr: withDefault(booleanCodec, false),
    }),
    provides: DISCRETE_GAUSSIAN,
    create: (c) => {
      const betas = schedules.create(c.schedule, undefined).betas(c.T);
      return new VpProcess(alphasCumprod(c.rescaleZeroTerminalSnr ? rescaleZeroTerminalSnr(betas) : betas));
    },
  });
}

/** `vp` with the built-in β schedules (`gaussianModule` binds `vpProcessWith` the container's). */
export const vpProcess = vpProcessWith(scheduleRegistry);

/** The `vp-continuous` process contribution choosing `process.schedule` among `schedules`' kinds. */
export function vpContinuousProcessWith(schedules: Registry<ContinuousAlphaBar, unknown>) {
  return contribution({
    kind: 'vp-continuous',
    description: 'variance-preserving Gaussian in continuous time t ∈ [tMin, 1] (VP SDE or cosine ᾱ(t))',
    codec: struct('vp-continuous process', {
      kind: required(literal('vp-continuous')),
      schedule: withDefault(schedules.codec(), { kind: 'linear' }),
      tMin: withDefault(numberIn(0, 1, { hi: true }), 1e-3),
    }),
    provides: CONTINUOUS_GAUSSIAN,
    create: (c) => new VpContinuousProcess(schedules.create(c.schedule, undefined), c.tMin),
  });
}

/** `vp-continuous` with the built-in ᾱ(t) (`gaussianModule` binds `vpContinuousProcessWith` the container's). */
export const vpContinuousProcess = vpContinuousProcessWith(continuousScheduleRegistry);

export const veProcess = contribution({
  kind: 've',
  description: 'variance-exploding x_t = x0 + σ_t ε, σ_t = σ_min (σ_max/σ_min)^t on t ∈ [tMin, 1]',
  codec: struct('ve process', {
    kind: required(literal('ve')),
    sigmaMin: withDefault(numberIn(0, Infinity, { lo: true }), 0.01),
    sigmaMax: withDefault(numberIn(0, Infinity, { lo: true }), 50),
    tMin: withDefault(numberIn(0, 1, { hi: true }), 1e-5),
  }),
  provides: CONTINUOUS_GAUSSIAN,
  create: (c) => new VeProcess(c.sigmaMin, c.sigmaMax, c.tMin),
});

export const rectifiedFlowProcess = contribution({
  kind: 'rectified-flow',
  description:
    'linear interpolation x_t = (1 − t) x0 + t ε on t ∈ [tMin, 1] (rectified flow / flow matching)',
  codec: struct('rectified-flow process', {
    kind: required(literal('rectified-flow')),
    tMin: withDefault(numberIn(0, 1, { hi: true }), 0),
  }),
  provides: CONTINUOUS_GAUSSIAN,
  create: (c) => new RectifiedFlowProcess(c.tMin, 1),
});
