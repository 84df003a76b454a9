import { deriveSeed, SeededRng, TOKEN_DATA, type Evaluator, type PosteriorModel } from '@udm/core';
import { ABSORBING_MASK } from '../process/absorbing-mask.js';
import type { SubsPosterior } from '../posterior/subs-posterior.js';
import { countEstimator } from '../estimator/nelbo-estimator.js';
import { evaluateNelbo } from './evaluate-nelbo.js';

/** Whether `p` is a SUBS posterior on an absorbing-state process (it gives the per-sequence NELBO). */
export function isSubsPosterior(p: PosteriorModel): p is SubsPosterior & PosteriorModel {
  const s = p as Partial<SubsPosterior>;
  return typeof s.sequenceNelbo === 'function' && ABSORBING_MASK.has(s.process);
}

/** The tokenizer's [PAD] id, when it has one (characters then exclude padding). */
function padOf(tokenizer: object): { padId?: number } {
  const padId = (tokenizer as { padId?: unknown }).padId;
  return typeof padId === 'number' ? { padId } : {};
}

const TIMES_PER_SEQUENCE = 16;

/** Masked (absorbing-state) text diffusion: the NELBO of held-out text in bits per character (MDLM's bound). */
export const maskedNelboEvaluator: Evaluator = {
  name: 'masked-nelbo',
  description: `masked text diffusion: NELBO of the whole held-out text in bits/char (count estimator: ${TIMES_PER_SEQUENCE} stratified draws of k ~ U{1..L} masked tokens per sequence)`,
  unsupported(udm) {
    if (!isSubsPosterior(udm.posterior)) return 'needs the masked (SUBS) posterior';
    if (!TOKEN_DATA.has(udm.data)) return `needs ${TOKEN_DATA.description}`;
    return undefined;
  },
  evaluate({ udm, seed, maxExamples, onProgress }) {
    if (!isSubsPosterior(udm.posterior) || !TOKEN_DATA.has(udm.data))
      throw new Error('masked-nelbo: needs the masked (SUBS) posterior and token data');
    const heldOut = udm.data.heldOut;
    onProgress?.(0, 1);
    const r = evaluateNelbo(udm.posterior, heldOut, {
      rng: new SeededRng(deriveSeed(seed, 'eval/masked-nelbo')),
      timesPerSequence: TIMES_PER_SEQUENCE,
      ...(maxExamples !== undefined ? { maxSequences: maxExamples } : {}),
      estimator: countEstimator,
      ...padOf(heldOut.tokenizer),
    });
    onProgress?.(1, 1);
    return {
      sequences: r.sequences,
      characters: r.characters,
      bitsPerChar: r.bitsPerChar,
      bitsPerCharStdError: r.bitsPerCharStdError,
      bitsPerToken: r.bitsPerToken,
    };
  },
};
