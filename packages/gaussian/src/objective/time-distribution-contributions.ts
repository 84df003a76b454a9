import {
  contribution,
  finiteNumber,
  literal,
  numberIn,
  positiveInt,
  Registry,
  required,
  struct,
  withDefault,
} from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { hasNoiseLevels } from '../time/noise-levels.js';
import { ImportanceTime } from './importance-time.js';
import { LogNormalTime } from './log-normal-time.js';
import { LogitNormalTime } from './logit-normal-time.js';
import type { TimeDistribution } from './time-distribution.js';
import { UniformTime } from './uniform-time.js';

/** What a time-distribution factory receives. */
export interface TimeDistributionDeps {
  readonly process: GaussianProcess;
}

const positive = numberIn(0, Infinity, { lo: true });

export const uniformTime = contribution({
  kind: 'uniform',
  description: 'p_time uniform over the process domain: {0..T−1} (discrete) or [tMin, tMax] (continuous)',
  codec: struct('uniform time', { kind: required(literal('uniform')) }),
  create: (_c, d: TimeDistributionDeps) => new UniformTime(d.process.time),
});

export const logNormalTime = contribution({
  kind: 'log-normal',
  description: 'EDM: ln(σ_t/α_t) ~ N(mean, std²) (default −1.2, 1.2), mapped to the process time',
  codec: struct('log-normal time', {
    kind: required(literal('log-normal')),
    mean: withDefault(finiteNumber, -1.2),
    std: withDefault(positive, 1.2),
  }),
  create: (c, d: TimeDistributionDeps) => {
    const domain = d.process.time;
    if (!hasNoiseLevels(domain)) {
      throw new RangeError('time "log-normal": the process time has no noise levels σ_t/α_t to invert');
    }
    return new LogNormalTime(domain, c.mean, c.std);
  },
});

export const logitNormalTime = contribution({
  kind: 'logit-normal',
  description:
    'rectified-flow training: t = sigmoid(u), u ~ N(mean, std²) (default 0, 1), scaled to the domain',
  codec: struct('logit-normal time', {
    kind: required(literal('logit-normal')),
    mean: withDefault(finiteNumber, 0),
    std: withDefault(positive, 1),
  }),
  create: (c, d: TimeDistributionDeps) => new LogitNormalTime(d.process.time, c.mean, c.std),
});

export const importanceTime = contribution({
  kind: 'importance',
  description: 'Improved DDPM importance sampling p_t ∝ √E[L_t²] (last `history` losses), loss × 1/(T·p_t)',
  codec: struct('importance time', {
    kind: required(literal('importance')),
    history: withDefault(positiveInt, 10),
    uniformMix: withDefault(numberIn(0, 1), 0.001),
  }),
  create: (c, d: TimeDistributionDeps) => new ImportanceTime(d.process.time, c.history, c.uniformMix),
});

/** Every built-in time distribution p_time. */
export const TIME_DISTRIBUTIONS = [uniformTime, logNormalTime, logitNormalTime, importanceTime];

/** The time distributions by kind (`train.objective.time` of `weighted-denoising` in a config). */
export const timeDistributionRegistry = new Registry<TimeDistribution, TimeDistributionDeps>(
  'train.objective.time',
  TIME_DISTRIBUTIONS,
);
