import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer.js';

describe('CharTokenizer', () => {
  const corpus = ['hello world', 'moby-dick', 'Ishmael—', 'naïve 🐋'];
  const tok = CharTokenizer.fit(corpus);

  it('reserves [PAD] = 0 and [MASK] = the last id; characters sorted by code point in between', () => {
    const chars = [...new Set(corpus.join(''))];
    expect(tok.padId).toBe(0);
    expect(tok.vocabularySize).toBe(chars.length + 2);
    expect(tok.maskId).toBe(tok.vocabularySize - 1);
    expect(tok.tokens[0]).toBe('[PAD]');
    expect(tok.tokens.at(-1)).toBe('[MASK]');
    const middle = tok.tokens.slice(1, -1);
    expect([...middle].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!)).toEqual(middle);
    expect(new Set(middle)).toEqual(new Set(chars));
  });

  it('round-trips text → ids → text exactly, astral code points included', () => {
    for (const text of [...corpus, '', 'world hello', '🐋🐋 naïve']) {
      const ids = tok.encode(text);
      expect(ids).toBeInstanceOf(Int32Array);
      expect(ids.length).toBe([...text].length);
      expect(tok.decode(ids)).toBe(text);
    }
  });

  it('drops [PAD] when decoding and writes [MASK] as asked', () => {
    const ids = [...tok.encode('ab'.replace('b', 'e')), tok.maskId, tok.padId, tok.padId];
    expect(tok.decode(ids)).toBe('ae[MASK]');
    expect(tok.decode(ids, { mask: '_' })).toBe('ae_');
  });

  it('unknown characters: "error" names the character and position', () => {
    expect(() => tok.encode('hex')).toThrow(/unknown character "x" \(U\+0078\) at position 2 of "hex"/);
  });

  it('unknown characters: "skip" drops them, "unk" maps them to a reserved [UNK]', () => {
    const skip = CharTokenizer.fit(corpus, { unknown: 'skip' });
    expect(skip.decode(skip.encode('hexe'))).toBe('hee');
    const unk = CharTokenizer.fit(corpus, { unknown: 'unk' });
    expect(unk.vocabularySize).toBe(tok.vocabularySize + 1);
    expect(unk.maskId).toBe(unk.vocabularySize - 1);
    expect(unk.unkId).toBe(unk.maskId - 1);
    const ids = unk.encode('hex');
    expect(Array.from(ids)).toEqual([unk.encode('h')[0], unk.encode('e')[0], unk.unkId]);
    expect(unk.decode(ids, { unknown: '?' })).toBe('he?');
  });

  it('rejects ids outside the vocabulary and bad alphabets', () => {
    expect(() => tok.decode([tok.vocabularySize])).toThrow(/outside \[0, /);
    expect(() => new CharTokenizer([])).toThrow(/non-empty/);
    expect(() => new CharTokenizer(['a', 'a'])).toThrow(/repeated/);
    expect(() => new CharTokenizer(['ab'])).toThrow(/one character/);
  });
});
