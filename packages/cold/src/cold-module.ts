import { CHOICE_POINTS, choiceRegistry, definePlugin, TOKENS } from '@udm/core';
import { COLD_CHOICES } from './choice-points.js';
import {
  gaussianBlurDegradationWith,
  pixelateDegradation,
} from './degradations/degradation-contributions.js';
import { fadeDegradation, inpaintDegradation } from './degradations/more-degradation-contributions.js';
import { stdSchedules } from './degradations/std-schedules.js';
import { coldPosterior } from './posterior/posterior-contributions.js';
import { coldProcessWith } from './process/process-contributions.js';
import { improvedColdStep } from './steps/step-contributions.js';

/**
 * Binds the cold-diffusion plugin: its second-level choices (degradations "gaussian-blur", "pixelate", "inpaint", "fade" and the blur's
 * std schedules — `COLD_CHOICES`, to which a plugin adds its own), the "cold" process reading them, the "cold-x0"
 * posterior and the "cold-improved" step (Algorithm 2). The naive step is core's "fresh-noise".
 */
export const coldModule = definePlugin(({ contribute, contributeFrom }) => {
  contribute(CHOICE_POINTS, ...Object.values(COLD_CHOICES));
  contribute(COLD_CHOICES.StdSchedule.token, ...stdSchedules);
  contributeFrom(COLD_CHOICES.Degradation.token, (source) => [
    gaussianBlurDegradationWith(choiceRegistry(source, COLD_CHOICES.StdSchedule)),
  ]);
  contribute(COLD_CHOICES.Degradation.token, pixelateDegradation, inpaintDegradation, fadeDegradation);
  contributeFrom(TOKENS.ForwardProcess, (source) => [
    coldProcessWith(choiceRegistry(source, COLD_CHOICES.Degradation)),
  ]);
  contribute(TOKENS.PosteriorModel, coldPosterior);
  contribute(TOKENS.ConditionalStep, improvedColdStep);
});
