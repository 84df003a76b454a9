import { ContainerModule } from 'inversify';
import { TOKENS } from '@udm/core';
import { subsPosterior } from './posterior/posterior-contributions.js';
import { maskedProcess } from './process/process-contributions.js';
import {
  maskedAncestralStep,
  maskedLowConfidenceStep,
  maskedRandomStep,
  maskedResampleStep,
} from './sampling/step-contributions.js';

/** Binds the masked diffusion plugin: the masking process, the SUBS posterior and the three masked steps. */
export const maskedModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.ForwardProcess).toConstantValue(maskedProcess);
  bind(TOKENS.PosteriorModel).toConstantValue(subsPosterior);
  bind(TOKENS.ConditionalStep).toConstantValue(maskedAncestralStep);
  bind(TOKENS.ConditionalStep).toConstantValue(maskedLowConfidenceStep);
  bind(TOKENS.ConditionalStep).toConstantValue(maskedRandomStep);
  bind(TOKENS.ConditionalStep).toConstantValue(maskedResampleStep);
});
