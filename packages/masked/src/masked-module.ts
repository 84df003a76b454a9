import { CHOICE_POINTS, choiceRegistry, definePlugin, EVALUATOR, SAMPLE_WRITER, TOKENS } from '@udm/core';
import { maskedNelboEvaluator } from './eval/masked-nelbo-evaluator.js';
import { textSampleWriter } from './eval/text-sample-writer.js';
import { MASKED_CHOICES } from './choice-points.js';
import { subsPosterior } from './posterior/posterior-contributions.js';
import { maskedProcessWith } from './process/process-contributions.js';
import {
  maskedAncestralStep,
  maskedLowConfidenceStep,
  maskedRandomStep,
  maskedResampleStep,
} from './sampling/step-contributions.js';
import { maskSchedules } from './schedules/schedule-contributions.js';
import { maskClocks } from './time/clock-contributions.js';

/**
 * Binds the masked diffusion plugin: its second-level choices (mask schedules, clocks — `MASKED_CHOICES`, to which
 * a plugin adds its own), the masking process reading them, the SUBS posterior, the four masked steps, the
 * `masked-nelbo` evaluator (bits per character) and the `text` sample writer.
 */
export const maskedModule = definePlugin(({ contribute, contributeFrom }) => {
  contribute(CHOICE_POINTS, ...Object.values(MASKED_CHOICES));
  contribute(MASKED_CHOICES.MaskSchedule.token, ...maskSchedules);
  contribute(MASKED_CHOICES.MaskClock.token, ...maskClocks);
  contributeFrom(TOKENS.ForwardProcess, (source) => [
    maskedProcessWith(
      choiceRegistry(source, MASKED_CHOICES.MaskSchedule),
      choiceRegistry(source, MASKED_CHOICES.MaskClock),
    ),
  ]);
  contribute(TOKENS.PosteriorModel, subsPosterior);
  contribute(
    TOKENS.ConditionalStep,
    maskedAncestralStep,
    maskedLowConfidenceStep,
    maskedRandomStep,
    maskedResampleStep,
  );
  contribute(EVALUATOR, maskedNelboEvaluator);
  contribute(SAMPLE_WRITER, textSampleWriter);
});
