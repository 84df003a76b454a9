import { deriveSeed, SeededRng, TOKEN_DATA, type Evaluator, type PosteriorModel } from '@udm/core';
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
export const uniformNelboEvaluator: Evaluator = {
  name: 'uniform-nelbo',
  description: `uniform-state text diffusion: NELBO of the whole held-out text in bits/char (${TIMES_PER_SEQUENCE} stratified times per sequence, counted as masked-nelbo is)`,
  unsupported(udm) {
    if (!isUniformPosterior(udm.posterior))
      return 'needs the uniform-state posterior (posterior.kind "uniform")';
    if (!TOKEN_DATA.has(udm.data)) return `needs ${TOKEN_DATA.description}`;
    return undefined;
  },
  evaluate({ udm, seed, maxExamples, onProgress }) {
    if (!isUniformPosterior(udm.posterior) || !TOKEN_DATA.has(udm.data))
      throw new Error('uniform-nelbo: needs the uniform-state posterior and token data');
    const heldOut = udm.data.heldOut;
    const padId = (heldOut.tokenizer as { padId?: unknown }).padId;
    onProgress?.(0, 1);
    const r = evaluateUniformNelbo(udm.posterior, heldOut, {
      rng: new SeededRng(deriveSeed(seed, 'eval/uniform-nelbo')),
      timesPerSequence: TIMES_PER_SEQUENCE,
      ...(maxExamples !== undefined ? { maxSequences: maxExamples } : {}),
      ...(typeof padId === 'number' ? { padId } : {}),
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
