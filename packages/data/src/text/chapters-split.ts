import type { DataSplit } from '@udm/core';
import { TokenDataset } from './token-dataset.js';
import type { Tokenizer } from './tokenizer.js';

export interface ChaptersSplitOptions {
  /** The chapters' texts, in order. */
  readonly chapters: readonly string[];
  /** Sequence length L (characters per example). */
  readonly length: number;
  /** Offset between consecutive training windows (L: non-overlapping). */
  readonly stride: number;
  /** Chapter k (1-based) is held out when k is a multiple of this. */
  readonly heldOutEvery: number;
  /** Collapse every run of white space (newlines included) to one space. */
  readonly collapseWhitespace: boolean;
  readonly tokenizer: (corpus: readonly string[]) => Tokenizer;
}

/** The windows text[k·stride, k·stride + L) that fit inside the text. */
function windows(text: string, length: number, stride: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let at = 0; at + length <= chars.length; at += stride) out.push(chars.slice(at, at + length).join(''));
  return out;
}

/**
 * Fixed-length character windows of a book: training windows (every `stride` characters) from most chapters,
 * non-overlapping held-out windows from every `heldOutEvery`-th chapter. The tokenizer is fitted on all chapters.
 */
export function chaptersSplit(
  o: ChaptersSplitOptions,
): DataSplit & { train: TokenDataset; heldOut: TokenDataset } {
  const texts = o.chapters.map((t) => (o.collapseWhitespace ? t.replace(/\s+/g, ' ').trim() : t));
  const tokenizer = o.tokenizer(texts);
  const train: string[] = [];
  const held: string[] = [];
  texts.forEach((text, i) => {
    if ((i + 1) % o.heldOutEvery === 0) held.push(...windows(text, o.length, o.length));
    else train.push(...windows(text, o.length, o.stride));
  });
  if (held.length === 0)
    throw new RangeError(`heldOutEvery: ${o.heldOutEvery} holds out no window of length ${o.length}`);
  return {
    train: TokenDataset.fromTexts(train, tokenizer, o.length),
    heldOut: TokenDataset.fromTexts(held, tokenizer, o.length),
  };
}
