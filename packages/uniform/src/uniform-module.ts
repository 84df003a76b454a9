import { choiceRegistry, definePlugin, EVALUATOR, TOKENS } from '@udm/core';
import { MASKED_CHOICES } from '@udm/masked';
import { uniformNelboEvaluator } from './eval/uniform-nelbo-evaluator.js';
import { uniformPosteriorContribution } from './posterior/posterior-contribution.js';
import { uniformProcessWith } from './process/process-contribution.js';
import { uniformAncestralStep } from './sampling/step-contribution.js';

/**
 * Binds the uniform-state family: the `uniform` process (its `process.schedule` and `process.time` are the
 * masked family's choice points, so every keep schedule and clock bound there — by `maskedModule` or a user's
 * plugin — is valid here too; load `maskedModule` beside it), the `uniform` posterior, the `uniform-ancestral`
 * step and the `uniform-nelbo` evaluator (bits per character). Samples of token data are written as text by the
 * masked family's `text` writer.
 */
export const uniformModule = definePlugin(({ contribute, contributeFrom }) => {
  contributeFrom(TOKENS.ForwardProcess, (source) => [
    uniformProcessWith(
      choiceRegistry(source, MASKED_CHOICES.MaskSchedule),
      choiceRegistry(source, MASKED_CHOICES.MaskClock),
    ),
  ]);
  contribute(TOKENS.PosteriorModel, uniformPosteriorContribution);
  contribute(TOKENS.ConditionalStep, uniformAncestralStep);
  contribute(EVALUATOR, uniformNelboEvaluator);
});
