import type { DecodeOptions, Tokenizer, UnknownPolicy } from './tokenizer.js';

const PAD = '[PAD]';
const MASK = '[MASK]';
const UNK = '[UNK]';

/**
 * A character-level tokenizer: [PAD] = 0, the alphabet's characters (Unicode code points, sorted) = 1..n, then
 * [UNK] when the policy is `unk`, and [MASK] last (maskId = vocabularySize − 1, as in MDLM).
 */
export class CharTokenizer implements Tokenizer {
  readonly kind = 'char';
  readonly padId = 0;
  readonly maskId: number;
  readonly unkId: number | undefined;
  readonly vocabularySize: number;
  readonly tokens: readonly string[];
  private readonly idOf: ReadonlyMap<string, number>;

  /** The characters of `corpus` (every code point that occurs), sorted by code point. */
  static fit(corpus: Iterable<string>, options: { unknown?: UnknownPolicy } = {}): CharTokenizer {
    const seen = new Set<string>();
    for (const text of corpus) for (const ch of text) seen.add(ch);
    const alphabet = [...seen].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new CharTokenizer(alphabet, options.unknown ?? 'error');
  }

  constructor(
    readonly alphabet: readonly string[],
    readonly unknown: UnknownPolicy = 'error',
  ) {
    if (alphabet.length === 0) throw new RangeError('tokenizer: expected a non-empty alphabet');
    const idOf = new Map<string, number>();
    alphabet.forEach((ch, i) => {
      if ([...ch].length !== 1)
        throw new RangeError(`tokenizer: alphabet[${i}] must be one character, got ${JSON.stringify(ch)}`);
      if (idOf.has(ch)) throw new RangeError(`tokenizer: alphabet[${i}] ${JSON.stringify(ch)} is repeated`);
      idOf.set(ch, i + 1);
    });
    this.idOf = idOf;
    this.unkId = unknown === 'unk' ? alphabet.length + 1 : undefined;
    this.maskId = alphabet.length + 1 + (unknown === 'unk' ? 1 : 0);
    this.vocabularySize = this.maskId + 1;
    this.tokens = [PAD, ...alphabet, ...(unknown === 'unk' ? [UNK] : []), MASK];
  }

  encode(text: string): Int32Array {
    const out: number[] = [];
    let position = 0;
    for (const ch of text) {
      const id = this.idOf.get(ch);
      if (id !== undefined) out.push(id);
      else if (this.unkId !== undefined) out.push(this.unkId);
      else if (this.unknown === 'error') {
        const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        throw new RangeError(
          `tokenizer: unknown character ${JSON.stringify(ch)} (U+${code}) at position ${position} of ` +
            `${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} (policy "error"; use "skip" or "unk")`,
        );
      }
      position++;
    }
    return Int32Array.from(out);
  }

  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id === this.padId) continue;
      if (id === this.maskId) s += options.mask ?? MASK;
      else if (id === this.unkId) s += options.unknown ?? UNK;
      else {
        const ch = this.alphabet[id - 1];
        if (ch === undefined || !Number.isInteger(id))
          throw new RangeError(`tokenizer: id ${id} at ${i} is outside [0, ${this.vocabularySize})`);
        s += ch;
      }
    }
    return s;
  }
}
