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
  type Registry,
} from '@udm/core';
import { GAUSSIAN_PREDICTION } from '../posterior/gaussian-prediction-capability.js';
import type { LossWeighting } from './loss-weighting.js';
import type { TimeDistribution } from './time-distribution.js';
import { timeDistributionRegistry, type TimeDistributionDeps } from './time-distribution-contributions.js';
import { TrainingObjective as ObjectiveTemplate } from './training-objective.js';
import { lossWeightingRegistry, type WeightingDeps } from './weighting-contributions.js';
import { SQUARED_ERROR } from './squared-error-capability.js';
import { weightedDenoisingObjective, type SquaredErrorPosterior } from './weighted-denoising-objective.js';

const WHO = 'train.objective.kind: "weighted-denoising"';

/**
 * `train.objective: { kind: "weighted-denoising", weighting?, time? }`: seed 004's template with ω(t) (`weighting`,
 * one of `weightings`' kinds; absent: the parameterization's own λ(t)) and p_time (`time`, one of `times`' kinds,
 * default uniform), the spelling that replaces `posterior.weighting` / `posterior.time` (translated into this at
 * config resolution, with a warning, by `posteriorObjectiveMigration`). `gaussianModule` binds it with the
 * container's `GAUSSIAN_CHOICES.LossWeighting` and `GAUSSIAN_CHOICES.TimeDistribution`, so a plugin's ω(t) or p_time
 * is a valid choice here.
 */
export function weightedDenoisingContributionWith(
  weightings: Registry<LossWeighting, WeightingDeps>,
  times: Registry<TimeDistribution, TimeDistributionDeps>,
) {
  return contribution({
    kind: 'weighted-denoising',
    description:
      'seed 004 template: t ~ p_time (time), ε ~ q(ε), ω(t)·‖NN − (A_t x0 + B_t ε)‖² (weighting; absent: the parameterization’s λ(t)), importance-corrected',
    codec: struct('weighted-denoising objective', {
      kind: required(literal('weighted-denoising')),
      weighting: optional(weightings.codec()),
      time: withDefault(times.codec(), { kind: 'uniform' }),
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
        times.create(c.time, deps0),
        c.weighting ? weightings.create(c.weighting, deps0) : undefined,
      );
      return weightedDenoisingObjective(process, own, template);
    },
  });
}

/** `weighted-denoising` with the built-in ω(t) and p_time only. */
export const weightedDenoisingContribution = weightedDenoisingContributionWith(
  lossWeightingRegistry,
  timeDistributionRegistry,
);
