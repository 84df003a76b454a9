/**
 * Maps text to integer token ids and back. Ids run over 0..vocabularySize−1; two are reserved: `padId` fills
 * positions after the end of a text, `maskId` is the absorbing [MASK] state of masked diffusion. Implementations
 * must round-trip: `decode(encode(text)) === text` for every text made of known symbols.
 */
export interface Tokenizer {
  readonly kind: string;
  readonly vocabularySize: number;
  readonly padId: number;
  readonly maskId: number;
  /** The display string of every id (reserved ids as "[PAD]", "[MASK]", "[UNK]"). */
  readonly tokens: readonly string[];
  /** Text → ids (no padding). Unknown symbols follow the tokenizer's `UnknownPolicy`. */
  encode(text: string): Int32Array;
  /** Ids → text. [PAD] is dropped; [MASK] and [UNK] are written as `options.mask` / `options.unknown`. */
  decode(ids: ArrayLike<number>, options?: DecodeOptions): string;
}

export interface DecodeOptions {
  /** How [MASK] is written (default "[MASK]"). */
  readonly mask?: string;
  /** How [UNK] is written (default "[UNK]"). */
  readonly unknown?: string;
}

/**
 * What `encode` does with a symbol outside the vocabulary: `error` throws naming the symbol and its position,
 * `skip` drops it, `unk` maps it to a reserved [UNK] id.
 */
export type UnknownPolicy = 'error' | 'skip' | 'unk';

export const UNKNOWN_POLICIES: readonly UnknownPolicy[] = ['error', 'skip', 'unk'];
