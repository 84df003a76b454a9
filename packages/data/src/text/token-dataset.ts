import * as tf from '@tensorflow/tfjs';
import { DataError, type DataBatch, type Dataset } from '@udm/core';
import type { Tokenizer } from './tokenizer.js';

/**
 * Token sequences of one length L as a `Dataset`: `gather` gives an int32 tensor [B, L] of ids, `categories` is
 * the tokenizer's vocabulary size. Texts shorter than L are padded with [PAD] at the end.
 */
export class TokenDataset implements Dataset {
  readonly itemShape: readonly number[];
  readonly size: number;
  readonly categories: number;

  constructor(
    /** Row-major ids [size, length]. */
    readonly ids: Int32Array,
    readonly length: number,
    readonly tokenizer: Tokenizer,
  ) {
    if (!(Number.isSafeInteger(length) && length >= 1))
      throw new DataError(`text data: length must be a positive integer, got ${length}`);
    if (ids.length % length !== 0)
      throw new DataError(`text data: ${ids.length} ids do not split into sequences of length ${length}`);
    this.size = ids.length / length;
    if (this.size === 0) throw new DataError('text data: expected at least one sequence, got none');
    const V = tokenizer.vocabularySize;
    const bad = ids.findIndex((id) => id < 0 || id >= V || id === tokenizer.maskId);
    if (bad >= 0) {
      throw new DataError(
        `text data: id ${ids[bad]} at sequence ${Math.floor(bad / length)}, position ${bad % length} is ` +
          `${ids[bad] === tokenizer.maskId ? 'the [MASK] id' : `outside [0, ${V})`}`,
      );
    }
    this.itemShape = [length];
    this.categories = V;
  }

  /** Encodes and pads each text to `length` ids; a text longer than `length` is an error naming it. */
  static fromTexts(texts: readonly string[], tokenizer: Tokenizer, length: number): TokenDataset {
    const ids = new Int32Array(texts.length * length).fill(tokenizer.padId);
    texts.forEach((text, i) => {
      const enc = tokenizer.encode(text);
      if (enc.length > length) {
        throw new DataError(
          `text data: text ${i} (${JSON.stringify(text.slice(0, 40))}) has ${enc.length} tokens, more than length = ${length}`,
        );
      }
      ids.set(enc, i * length);
    });
    return new TokenDataset(ids, length, tokenizer);
  }

  /** The ids of sequence i. */
  row(i: number): Int32Array {
    return this.ids.subarray(i * this.length, (i + 1) * this.length);
  }

  /** Every sequence decoded to text ([PAD] dropped). */
  texts(): string[] {
    return Array.from({ length: this.size }, (_, i) => this.tokenizer.decode(this.row(i)));
  }

  gather(indices: Int32Array): DataBatch {
    const L = this.length;
    const out = new Int32Array(indices.length * L);
    indices.forEach((idx, r) => {
      if (!(idx >= 0 && idx < this.size))
        throw new DataError(`text data: index ${idx} out of range [0, ${this.size})`);
      out.set(this.ids.subarray(idx * L, (idx + 1) * L), r * L);
    });
    return { x0: tf.tensor2d(out, [indices.length, L], 'int32') };
  }

  toArray(): Float32Array {
    return Float32Array.from(this.ids);
  }
}
