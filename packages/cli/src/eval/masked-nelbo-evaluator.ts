import { deriveSeed, SeededRng } from '@udm/core';
import { TokenDataset } from '@udm/data';
import { countEstimator, evaluateNelbo, SubsPosterior } from '@udm/masked';
import type { Evaluator } from './evaluator.js';

const TIMES_PER_SEQUENCE = 16;

/** Masked (absorbing-state) text diffusion: the NELBO of held-out text in bits per character (MDLM's bound). */
export const maskedNelboEvaluator: Evaluator = {
  name: 'masked-nelbo',
  description: `masked text diffusion: NELBO of the whole held-out text in bits/char (count estimator: ${TIMES_PER_SEQUENCE} stratified draws of k ~ U{1..L} masked tokens per sequence)`,
  unsupported(udm) {
    if (!(udm.posterior instanceof SubsPosterior)) return 'needs the masked (SUBS) posterior';
    if (!(udm.data.heldOut instanceof TokenDataset)) return 'needs text data (a token data set)';
    return undefined;
  },
  evaluate({ udm, seed, maxExamples, onProgress }) {
    const heldOut = udm.data.heldOut as TokenDataset;
    onProgress?.(0, 1);
    const r = evaluateNelbo(udm.posterior as SubsPosterior, heldOut, {
      rng: new SeededRng(deriveSeed(seed, 'eval/masked-nelbo')),
      timesPerSequence: TIMES_PER_SEQUENCE,
      ...(maxExamples !== undefined ? { maxSequences: maxExamples } : {}),
      estimator: countEstimator,
      padId: heldOut.tokenizer.padId,
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
