import { kneserNeyBaseline, type KneserNeyBaseline } from './kneser-ney-baseline.js';
import { ngramBaselineBits, ngramDistance } from './ngram-stats.js';

/** Token sequences as the n-gram statistics read them (a `TokenDataset` is one). */
export interface TokenSequences {
  /** Row-major ids [n, length]. */
  readonly ids: Int32Array;
  readonly length: number;
  /** Number of distinct ids V. */
  readonly categories: number;
  readonly tokenizer: { readonly padId: number; readonly maskId: number };
}

/** The n-gram yardsticks of a text model, in bits per character. */
export interface TextBaselines {
  /** The unigram entropy of the training text (its empirical distribution, no smoothing). */
  readonly trainEntropyBits: number;
  /** The held-out text's code length under add-one unigram and bigram models fitted on the training text. */
  readonly unigramBits: number;
  readonly bigramBits: number;
}

/** The n-gram baselines a masked model's held-out NELBO is compared with ([PAD] as an end symbol, [MASK] never coded). */
export function textBaselines(train: TokenSequences, heldOut: TokenSequences): TextBaselines {
  const { padId, maskId } = train.tokenizer;
  const baseline = { length: train.length, categories: train.categories, maskId, padId };
  return {
    trainEntropyBits: ngramBaselineBits(train.ids, train.ids, 1, { ...baseline, laplace: 0 }),
    unigramBits: ngramBaselineBits(train.ids, heldOut.ids, 1, baseline),
    bigramBits: ngramBaselineBits(train.ids, heldOut.ids, 2, baseline),
  };
}

/**
 * Unigram and bigram total-variation distances between sequences `ids` (of the held-out length) and the held-out
 * text, [PAD] and [MASK] left out: how far generated text's statistics are from real text.
 */
export function ngramDistances(
  ids: ArrayLike<number>,
  heldOut: TokenSequences,
): { readonly unigramTv: number; readonly bigramTv: number } {
  const { padId, maskId } = heldOut.tokenizer;
  const ngram = { length: heldOut.length, categories: heldOut.categories, ignore: [padId, maskId] };
  return {
    unigramTv: ngramDistance(ids, heldOut.ids, 1, ngram),
    bigramTv: ngramDistance(ids, heldOut.ids, 2, ngram),
  };
}

/**
 * Interpolated modified Kneser-Ney baselines of the given orders (default 2–5), scored exactly as the model's
 * NELBO is counted: bits of each whole padded row (each row coded on its own) per real character; discounts
 * tuned on every `tuneEvery`-th training row (default 10; a larger value tunes on a smaller slice, faster).
 */
export function kneserNeyBaselines(
  train: TokenSequences,
  heldOut: TokenSequences,
  orders: readonly number[] = [2, 3, 4, 5],
  tuning: { readonly tuneEvery?: number; readonly tunePasses?: number } = {},
): KneserNeyBaseline[] {
  const { padId, maskId } = train.tokenizer;
  const o = { length: train.length, categories: train.categories, maskId, padId, ...tuning };
  return orders.map((n) => kneserNeyBaseline(train.ids, heldOut.ids, n, o));
}
