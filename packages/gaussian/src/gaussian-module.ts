import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
import { epsilonPosterior } from './posterior/posterior-contributions.js';
import { vpProcess } from './process/process-contributions.js';
import { ddimStep, ddpmStep } from './steps/step-contributions.js';

/** Binds the Gaussian plugin: the VP process, ε-prediction, and the DDPM / DDIM steps. */
export const gaussianModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.ForwardProcess).toConstantValue(vpProcess);
  bind(TOKENS.PosteriorModel).toConstantValue(epsilonPosterior);
  bind(TOKENS.ConditionalStep).toConstantValue(ddpmStep);
  bind(TOKENS.ConditionalStep).toConstantValue(ddimStep);
});
