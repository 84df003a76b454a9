import { sequenceNelboEvaluator, type Evaluator, type PosteriorModel } from '@udm/core';
import { ABSORBING_MASK } from '../process/absorbing-mask.js';
import type { SubsPosterior } from '../posterior/subs-posterior.js';
import { countEstimator } from '../estimator/nelbo-estimator.js';
import { evaluateNelbo } from './evaluate-nelbo.js';

/** Whether `p` is a SUBS posterior on an absorbing-state process (it gives the per-sequence NELBO). */
export function isSubsPosterior(p: PosteriorModel): p is SubsPosterior & PosteriorModel {
  const s = p as Partial<SubsPosterior>;
  return typeof s.sequenceNelbo === 'function' && ABSORBING_MASK.has(s.process);
}

const TIMES_PER_SEQUENCE = 16;

/** Masked (absorbing-state) text diffusion: the NELBO of held-out text in bits per character (MDLM's bound). */
export const maskedNelboEvaluator: Evaluator = sequenceNelboEvaluator({
  name: 'masked-nelbo',
  description: `masked text diffusion: NELBO of the whole held-out text in bits/char (count estimator: ${TIMES_PER_SEQUENCE} stratified draws of k ~ U{1..L} masked tokens per sequence)`,
  accepts: isSubsPosterior,
  needs: 'the masked (SUBS) posterior',
  timesPerSequence: TIMES_PER_SEQUENCE,
  evaluate: (posterior, heldOut, options) =>
    evaluateNelbo(posterior, heldOut, { ...options, estimator: countEstimator }),
});
