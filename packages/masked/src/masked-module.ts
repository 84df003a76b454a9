import { CHOICE_POINTS, choiceRegistry, definePlugin, DISCRETE_CHOICES, EVALUATOR, TOKENS } from '@udm/core';
import { maskedNelboEvaluator } from './eval/masked-nelbo-evaluator.js';
import { MASKED_CHOICES } from './posterior/masked-choices.js';
import { MASKED_OBJECTIVES, subsPosteriorWith } from './posterior/posterior-contributions.js';
import { maskedProcessWith } from './process/process-contributions.js';
import {
  maskedAncestralStep,
  maskedLowConfidenceStep,
  maskedRandomStep,
  maskedResampleStep,
} from './sampling/step-contributions.js';

/**
 * Binds the masked diffusion plugin: the masking process, reading its keep schedule α(τ) and clock from core's
 * shared choice points (`DISCRETE_CHOICES`: core binds the built-in kinds, a plugin adds its own), the SUBS
 * posterior with its objectives read from `MASKED_CHOICES.Objective` (a plugin adds its own), the four masked steps, and the `masked-nelbo` evaluator (bits per
 * character). Samples of token data are written as text by core's `text` writer.
 */
export const maskedModule = definePlugin(({ contribute, contributeFrom }) => {
  contributeFrom(TOKENS.ForwardProcess, (source) => [
    maskedProcessWith(
      choiceRegistry(source, DISCRETE_CHOICES.KeepSchedule),
      choiceRegistry(source, DISCRETE_CHOICES.ScheduleClock),
    ),
  ]);
  contribute(CHOICE_POINTS, MASKED_CHOICES.Objective);
  contribute(MASKED_CHOICES.Objective.token, ...MASKED_OBJECTIVES);
  contributeFrom(TOKENS.PosteriorModel, (source) => [
    subsPosteriorWith(choiceRegistry(source, MASKED_CHOICES.Objective)),
  ]);
  contribute(
    TOKENS.ConditionalStep,
    maskedAncestralStep,
    maskedLowConfidenceStep,
    maskedRandomStep,
    maskedResampleStep,
  );
  contribute(EVALUATOR, maskedNelboEvaluator);
});
