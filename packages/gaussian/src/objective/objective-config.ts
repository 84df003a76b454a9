import { optional, withDefault, type KindConfig } from '@udm/core';
import type { Parameterization } from '../parameterization/parameterization.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { timeDistributionRegistry } from './time-distribution-contributions.js';
import { TrainingObjective } from './training-objective.js';
import { lossWeightingRegistry } from './weighting-contributions.js';

/**
 * The config fields a Gaussian posterior adds for seed 004's objective: `weighting` (ω(t); absent: the
 * parameterization's own, as before) and `time` (p_time; default uniform, the trainer's previous draw).
 */
export const objectiveFields = {
  weighting: optional(lossWeightingRegistry.codec()),
  time: withDefault(timeDistributionRegistry.codec(), { kind: 'uniform' }),
};

/**
 * The objective those fields choose, for a parameterization on a process; undefined for the defaults (no
 * weighting, uniform times), so that existing configs keep the posterior's original loss bit for bit.
 */
export function objectiveOf(
  c: { readonly weighting?: KindConfig | undefined; readonly time: KindConfig },
  parameterization: Parameterization,
  process: GaussianProcess,
): TrainingObjective | undefined {
  if (!c.weighting && c.time.kind === 'uniform') return undefined;
  const deps = { process };
  return new TrainingObjective(
    parameterization,
    process,
    timeDistributionRegistry.create(c.time, deps),
    c.weighting ? lossWeightingRegistry.create(c.weighting, deps) : undefined,
  );
}
