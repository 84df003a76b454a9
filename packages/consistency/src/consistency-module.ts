import { definePlugin, TOKENS } from '@udm/core';
import { GAUSSIAN_CHOICES, parameterizationContribution } from '@udm/gaussian';
import {
  consistencyDistillationObjectiveWith,
  consistencyTrainingObjective,
} from './objective/objective-contributions.js';
import { consistencyParameterization } from './parameterization/consistency-parameterization.js';
import { consistencySampler } from './sampler/consistency-sampler.js';
import { CONSISTENCY_TEACHER } from './teacher/consistency-teacher.js';

/** The `consistency` parameterization as a contribution: `gaussianModule` makes it the posterior kind `consistency`. */
export const consistencyParameterizationContribution =
  parameterizationContribution(consistencyParameterization);

/**
 * Binds the consistency models: the `consistency` parameterization (so `posterior.kind: "consistency"` — f_θ with
 * f(x, σ_min) = x — next to `gaussianModule`), `sample.sampler.kind: "consistency"`, and the training objectives
 * `consistency-training` and `consistency-distillation` (its teacher bound by `consistencyTeacherModule`). Load it
 * with `udm … --plugin` or next to `defaultModules()`.
 */
export const consistencyModule = definePlugin(({ contribute, contributeFrom }) => {
  contribute(GAUSSIAN_CHOICES.Parameterization.token, consistencyParameterizationContribution);
  contribute(TOKENS.Sampler, consistencySampler);
  contribute(TOKENS.TrainingObjective, consistencyTrainingObjective);
  contributeFrom(TOKENS.TrainingObjective, (source) => [
    consistencyDistillationObjectiveWith(() => source.getAll(CONSISTENCY_TEACHER, { optional: true })),
  ]);
});
