import { choiceRegistry, definePlugin, DISCRETE_CHOICES, EVALUATOR, TOKENS } from '@udm/core';
import { uniformNelboEvaluator } from './eval/uniform-nelbo-evaluator.js';
import { uniformPosteriorContribution } from './posterior/posterior-contribution.js';
import { uniformProcessWith } from './process/process-contribution.js';
import { uniformAncestralStep } from './sampling/step-contribution.js';

/**
 * Binds the uniform-state family: the `uniform` process (its `process.schedule` and `process.time` are core's
 * shared discrete choice points, `DISCRETE_CHOICES`, so every keep schedule and clock bound there — core's
 * built-ins or a user's plugin — is valid here), the `uniform` posterior, the `uniform-ancestral` step and the
 * `uniform-nelbo` evaluator (bits per character). Samples of token data are written as text by core's `text`
 * writer. Needs nothing but `@udm/core`.
 */
export const uniformModule = definePlugin(({ contribute, contributeFrom }) => {
  contributeFrom(TOKENS.ForwardProcess, (source) => [
    uniformProcessWith(
      choiceRegistry(source, DISCRETE_CHOICES.KeepSchedule),
      choiceRegistry(source, DISCRETE_CHOICES.ScheduleClock),
    ),
  ]);
  contribute(TOKENS.PosteriorModel, uniformPosteriorContribution);
  contribute(TOKENS.ConditionalStep, uniformAncestralStep);
  contribute(EVALUATOR, uniformNelboEvaluator);
});
