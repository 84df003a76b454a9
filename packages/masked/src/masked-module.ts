import { ContainerModule } from 'inversify';
import { EVALUATOR, SAMPLE_WRITER, TOKENS } from '@udm/core';
import { maskedNelboEvaluator } from './eval/masked-nelbo-evaluator.js';
import { textSampleWriter } from './eval/text-sample-writer.js';
import { subsPosterior } from './posterior/posterior-contributions.js';
import { maskedProcess } from './process/process-contributions.js';
import {
  maskedAncestralStep,
  maskedLowConfidenceStep,
  maskedRandomStep,
  maskedResampleStep,
} from './sampling/step-contributions.js';

/**
 * Binds the masked diffusion plugin: the masking process, the SUBS posterior, the four masked steps, the
 * `masked-nelbo` evaluator (bits per character) and the `text` sample writer.
 */
export const maskedModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.ForwardProcess).toConstantValue(maskedProcess);
  bind(TOKENS.PosteriorModel).toConstantValue(subsPosterior);
  bind(TOKENS.ConditionalStep).toConstantValue(maskedAncestralStep);
  bind(TOKENS.ConditionalStep).toConstantValue(maskedLowConfidenceStep);
  bind(TOKENS.ConditionalStep).toConstantValue(maskedRandomStep);
  bind(TOKENS.ConditionalStep).toConstantValue(maskedResampleStep);
  bind(EVALUATOR).toConstantValue(maskedNelboEvaluator);
  bind(SAMPLE_WRITER).toConstantValue(textSampleWriter);
});
