import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
import { coldPosterior } from './posterior/posterior-contributions.js';
import { coldProcess } from './process/process-contributions.js';
import { improvedColdStep } from './steps/step-contributions.js';

/**
 * Binds the cold-diffusion plugin: the "cold" process (degradations "gaussian-blur", "pixelate", "inpaint", "fade"), the "cold-x0"
 * posterior and the "cold-improved" step (Algorithm 2). The naive step is core's "fresh-noise".
 */
export const coldModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.ForwardProcess).toConstantValue(coldProcess);
  bind(TOKENS.PosteriorModel).toConstantValue(coldPosterior);
  bind(TOKENS.ConditionalStep).toConstantValue(improvedColdStep);
});
