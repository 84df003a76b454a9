import { CHOICE_POINTS, choiceRegistry, definePlugin, TOKENS } from '@udm/core';
import { GAUSSIAN_CHOICES, parameterizationContribution } from '@udm/gaussian';
import { CONSISTENCY_CHOICES } from './consistency-choices.js';
import {
  consistencyDistillationObjectiveWith,
  consistencyTrainingObjectiveWith,
} from './objective/objective-contributions.js';
import { consistencyParameterization } from './parameterization/consistency-parameterization.js';
import { consistencySampler } from './sampler/consistency-sampler.js';
import { CONSISTENCY_TEACHER } from './teacher/consistency-teacher.js';
import { LEVEL_WEIGHTINGS } from './weighting/level-weighting-contributions.js';

/** The `consistency` parameterization as a contribution: `gaussianModule` makes it the posterior kind `consistency`. */
export const consistencyParameterizationContribution =
  parameterizationContribution(consistencyParameterization);

/**
 * Binds the consistency models: the `consistency` parameterization (so `posterior.kind: "consistency"` — f_θ with
 * f(x, σ_min) = x — next to `gaussianModule`), `sample.sampler.kind: "consistency"`, and the training objectives
 * `consistency-training` and `consistency-distillation` (its teacher bound by `consistencyTeacherModule`), whose pair
 * weighting λ (`train.objective.weighting`) is read from `CONSISTENCY_CHOICES.LevelWeighting`. Load it
 * with `udm … --plugin` or next to `defaultModules()`.
 */
export const consistencyModule = definePlugin(({ contribute, contributeFrom }) => {
  contribute(GAUSSIAN_CHOICES.Parameterization.token, consistencyParameterizationContribution);
  contribute(TOKENS.Sampler, consistencySampler);
  contribute(CHOICE_POINTS, ...Object.values(CONSISTENCY_CHOICES));
  contribute(CONSISTENCY_CHOICES.LevelWeighting.token, ...LEVEL_WEIGHTINGS);
  contributeFrom(TOKENS.TrainingObjective, (source) => {
    const weightings = choiceRegistry(source, CONSISTENCY_CHOICES.LevelWeighting);
    return [
      consistencyTrainingObjectiveWith(weightings),
      consistencyDistillationObjectiveWith(
        () => source.getAll(CONSISTENCY_TEACHER, { optional: true }),
        weightings,
      ),
    ];
  });
});
