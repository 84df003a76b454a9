import { describe, expect, it } from 'vitest';
import { decodeOrThrow } from '@udm/core';
import { firstNamesData, mobyDickData } from './text-contributions.js';
import { mobyDickChapters } from './text-corpora.js';
import type { TokenDataset } from './token-dataset.js';

describe('text data contributions (bundled @stdlib corpora)', () => {
  it('first-names: 8,4xx distinct lower-case names, 10 % held out, padded to 16', () => {
    const cfg = decodeOrThrow(firstNamesData.codec, { kind: 'first-names' }, 'data');
    const split = firstNamesData.create(cfg, { seed: 0 });
    const train = split.train as TokenDataset;
    const held = split.heldOut as TokenDataset;
    const total = train.size + held.size;
    expect(total).toBeGreaterThan(8000);
    expect(total).toBeLessThan(8849);
    expect(held.size).toBe(Math.round(0.1 * total));
    expect(train.itemShape).toEqual([16]);
    // '-' and a–z, plus [PAD] and [MASK]
    expect(train.categories).toBe(29);
    expect(train.tokenizer.tokens.slice(1, -1).join('')).toBe('-abcdefghijklmnopqrstuvwxyz');
    const names = new Set(train.texts());
    expect(held.texts().filter((n) => names.has(n))).toEqual([]);
  });

  it('moby-dick: 64-character windows of 135 chapters, 13 held out', () => {
    const cfg = decodeOrThrow(mobyDickData.codec, { kind: 'moby-dick' }, 'data');
    const split = mobyDickData.create(cfg, { seed: 0 });
    const train = split.train as TokenDataset;
    const held = split.heldOut as TokenDataset;
    expect(train.itemShape).toEqual([64]);
    expect(train.categories).toBeGreaterThan(80);
    expect(train.size + held.size).toBeGreaterThan(17000);
    expect(held.size / (train.size + held.size)).toBeGreaterThan(0.05);
    expect(held.size / (train.size + held.size)).toBeLessThan(0.15);
    const first = [...mobyDickChapters()[0]!.text.replace(/\s+/g, ' ')].slice(0, 64).join('');
    expect(first.startsWith('Call me Ishmael.')).toBe(true);
    expect(train.texts()[0]).toBe(first);
    expect(train.texts()[1]).toBe(
      [...mobyDickChapters()[0]!.text.replace(/\s+/g, ' ')].slice(64, 128).join(''),
    );
  });

  it('config errors name their path', () => {
    expect(() => decodeOrThrow(firstNamesData.codec, { kind: 'first-names', length: 1 }, 'data')).toThrow(
      /data\.length: expected an integer in \[2, 1024\], got 1/,
    );
    expect(() =>
      decodeOrThrow(mobyDickData.codec, { kind: 'moby-dick', tokenizer: { kind: 'bpe' } }, 'data'),
    ).toThrow(/data\.tokenizer\.kind: expected one of "char", got "bpe"/);
    expect(() =>
      decodeOrThrow(
        mobyDickData.codec,
        { kind: 'moby-dick', tokenizer: { kind: 'char', unknown: 'x' } },
        'data',
      ),
    ).toThrow(/data\.tokenizer\.unknown/);
  });
});
