import type { TokenDataset } from '@udm/data';
import { ngramDistances } from '@udm/masked';
import { decodeRows } from './decode-rows.js';

/** How generated texts compare with the training and held-out texts. */
export interface SampleStatistics {
  /** The first 20 generated texts. */
  readonly shown: string[];
  /** How many of the shown texts are not training texts. */
  readonly shownNovel: number;
  /** Fractions of the generated texts. */
  readonly novel: number;
  readonly copiedFromTraining: number;
  readonly inHeldOut: number;
  readonly distinct: number;
  /** A [PAD] followed by another token (a text with a gap). */
  readonly malformed: number;
  /** Total-variation distances of unigram / adjacent-pair frequencies to the held-out texts. */
  readonly unigramTv: number;
  readonly bigramTv: number;
}

/** Statistics of sampled rows `ids` (row-major, `train.length` tokens a row) against the training and held-out texts. */
export function sampleStatistics(
  ids: Int32Array,
  split: { readonly train: TokenDataset; readonly heldOut: TokenDataset },
): SampleStatistics {
  const { train, heldOut } = split;
  const { texts, malformed } = decodeRows(train.tokenizer, ids, train.length);
  const count = texts.length;
  const trainTexts = new Set(train.texts());
  const heldTexts = new Set(heldOut.texts());
  const shown = texts.slice(0, 20);
  const copied = texts.filter((t) => trainTexts.has(t)).length;
  return {
    shown,
    shownNovel: shown.filter((t) => !trainTexts.has(t)).length,
    novel: (count - copied) / count,
    copiedFromTraining: copied / count,
    inHeldOut: texts.filter((t) => heldTexts.has(t)).length / count,
    distinct: new Set(texts).size / count,
    malformed: malformed / count,
    ...ngramDistances(ids, heldOut),
  };
}
