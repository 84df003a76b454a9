import {
  AFFINE_GAUSSIAN,
  contribution,
  literal,
  optional,
  required,
  requireCapability,
  struct,
  withDefault,
  type ObjectiveDeps,
} from '@udm/core';
import { GAUSSIAN_PREDICTION } from '../posterior/gaussian-prediction-capability.js';
import { timeDistributionRegistry } from './time-distribution-contributions.js';
import { TrainingObjective as ObjectiveTemplate } from './training-objective.js';
import { lossWeightingRegistry } from './weighting-contributions.js';
import { SQUARED_ERROR } from './squared-error-capability.js';
import { weightedDenoisingObjective, type SquaredErrorPosterior } from './weighted-denoising-objective.js';

const WHO = 'train.objective.kind: "weighted-denoising"';

/**
 * `train.objective: { kind: "weighted-denoising", weighting?, time? }`: seed 004's template with ω(t) (`weighting`;
 * absent: the parameterization's own λ(t)) and p_time (`time`, default uniform), the spelling that replaces
 * `posterior.weighting` / `posterior.time` (translated into this at config resolution, with a warning, by
 * `posteriorObjectiveMigration`).
 */
export const weightedDenoisingContribution = contribution({
  kind: 'weighted-denoising',
  description:
    'seed 004 template: t ~ p_time (time), ε ~ q(ε), ω(t)·‖NN − (A_t x0 + B_t ε)‖² (weighting; absent: the parameterization’s λ(t)), importance-corrected',
  codec: struct('weighted-denoising objective', {
    kind: required(literal('weighted-denoising')),
    weighting: optional(lossWeightingRegistry.codec()),
    time: withDefault(timeDistributionRegistry.codec(), { kind: 'uniform' }),
  }),
  requires: [AFFINE_GAUSSIAN, GAUSSIAN_PREDICTION, SQUARED_ERROR],
  create: (c, deps: ObjectiveDeps) => {
    const process = requireCapability(AFFINE_GAUSSIAN, deps.process, WHO);
    const posterior = requireCapability(GAUSSIAN_PREDICTION, deps.posterior, WHO);
    const own = requireCapability(SQUARED_ERROR, deps.posterior, WHO) as SquaredErrorPosterior;
    const deps0 = { process };
    const template = new ObjectiveTemplate(
      posterior.parameterization,
      process,
      timeDistributionRegistry.create(c.time, deps0),
      c.weighting ? lossWeightingRegistry.create(c.weighting, deps0) : undefined,
    );
    return weightedDenoisingObjective(process, own, template);
  },
});
