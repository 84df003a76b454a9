import { sequenceNelboEvaluator, type Evaluator, type PosteriorModel } from '@udm/core';
import { UNIFORM_STATE } from '../process/uniform-state.js';
import type { UniformPosterior } from '../posterior/uniform-posterior.js';
import { evaluateUniformNelbo } from './evaluate-uniform-nelbo.js';

/** Whether `p` is a uniform-state posterior (it gives the per-sequence NELBO). */
export function isUniformPosterior(p: PosteriorModel): p is UniformPosterior & PosteriorModel {
  const s = p as Partial<UniformPosterior>;
  return typeof s.sequenceNelbo === 'function' && UNIFORM_STATE.has(s.process);
}

const TIMES_PER_SEQUENCE = 16;

/** Uniform-state text diffusion: the NELBO of held-out text in bits per character. */
export const uniformNelboEvaluator: Evaluator = sequenceNelboEvaluator({
  name: 'uniform-nelbo',
  description: `uniform-state text diffusion: NELBO of the whole held-out text in bits/char (${TIMES_PER_SEQUENCE} stratified times per sequence, counted as masked-nelbo is)`,
  accepts: isUniformPosterior,
  needs: 'the uniform-state posterior (posterior.kind "uniform")',
  timesPerSequence: TIMES_PER_SEQUENCE,
  evaluate: evaluateUniformNelbo,
});
