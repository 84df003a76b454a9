import { deriveSeed, permutation, SeededRng, type DataSplit } from '@udm/core';
import { TokenDataset } from './token-dataset.js';
import type { Tokenizer } from './tokenizer.js';

export interface NamesSplitOptions {
  readonly names: readonly string[];
  /** Lower-case every name (then duplicates are removed). */
  readonly lowercase: boolean;
  /** Sequence length L: names are padded with [PAD] to L ids. */
  readonly length: number;
  /** Fraction of the distinct names held out (never seen in training). */
  readonly heldOut: number;
  readonly seed: number;
  /** Builds the tokenizer from the corpus (all distinct names). */
  readonly tokenizer: (corpus: readonly string[]) => Tokenizer;
}

/**
 * Distinct names, shuffled with the run seed and split into training and held-out names (disjoint), each padded
 * to `length` ids.
 */
export function namesSplit(o: NamesSplitOptions): DataSplit & { train: TokenDataset; heldOut: TokenDataset } {
  const distinct = [...new Set(o.names.map((n) => (o.lowercase ? n.toLowerCase() : n)))].sort();
  const tokenizer = o.tokenizer(distinct);
  const order = permutation(new SeededRng(deriveSeed(o.seed, 'data/split')), distinct.length);
  const nHeld = Math.round(o.heldOut * distinct.length);
  if (nHeld < 1 || nHeld >= distinct.length) {
    throw new RangeError(
      `heldOut: ${o.heldOut} of ${distinct.length} names leaves ${nHeld} held out; expected at least one in each split`,
    );
  }
  const pick = (from: number, to: number) => Array.from(order.subarray(from, to), (i) => distinct[i]!);
  return {
    train: TokenDataset.fromTexts(pick(nHeld, distinct.length), tokenizer, o.length),
    heldOut: TokenDataset.fromTexts(pick(0, nHeld), tokenizer, o.length),
  };
}
