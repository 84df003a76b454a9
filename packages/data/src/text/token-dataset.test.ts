import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DataError, SeededRng } from '@udm/core';
import { CharTokenizer } from './char-tokenizer.js';
import { chaptersSplit } from './chapters-split.js';
import { namesSplit } from './names-split.js';
import { TokenDataset } from './token-dataset.js';

await tf.setBackend('cpu');
await tf.ready();

describe('TokenDataset', () => {
  const tok = CharTokenizer.fit(['abc']);
  const data = TokenDataset.fromTexts(['ab', 'cab', ''], tok, 4);

  it('pads to L with [PAD] and gathers int32 [B, L] tensors', () => {
    expect(data.itemShape).toEqual([4]);
    expect(data.size).toBe(3);
    expect(data.categories).toBe(tok.vocabularySize);
    const { x0 } = data.gather(Int32Array.from([1, 0]));
    expect(x0.dtype).toBe('int32');
    expect(x0.shape).toEqual([2, 4]);
    expect(Array.from(x0.dataSync())).toEqual([3, 1, 2, 0, 1, 2, 0, 0]);
    x0.dispose();
    expect(data.texts()).toEqual(['ab', 'cab', '']);
    expect(Array.from(data.toArray())).toEqual(Array.from(data.ids));
  });

  it('rejects texts longer than L, [MASK] ids and out-of-range ids', () => {
    expect(() => TokenDataset.fromTexts(['abcab'], tok, 4)).toThrow(/has 5 tokens, more than length = 4/);
    expect(() => new TokenDataset(Int32Array.from([1, tok.maskId]), 2, tok)).toThrow(DataError);
    expect(() => new TokenDataset(Int32Array.from([1, 99]), 2, tok)).toThrow(/outside \[0, 5\)/);
    expect(() => data.gather(Int32Array.from([3]))).toThrow(/out of range/);
  });
});

describe('text splits', () => {
  it('names: distinct, disjoint, seeded training and held-out names', () => {
    const names = ['Anna', 'anna', 'Bob', 'Carl', 'Dora', 'Eve', 'Finn', 'Gus', 'Hal', 'Ivy', 'Jo'];
    const make = (seed: number) =>
      namesSplit({
        names,
        lowercase: true,
        length: 6,
        heldOut: 0.2,
        seed,
        tokenizer: (c) => CharTokenizer.fit(c),
      });
    const a = make(1);
    expect(a.train.size + a.heldOut.size).toBe(10);
    expect(a.heldOut.size).toBe(2);
    const train = new Set(a.train.texts());
    for (const n of a.heldOut.texts()) expect(train.has(n)).toBe(false);
    expect(make(1).heldOut.texts()).toEqual(a.heldOut.texts());
    const other = [2, 3, 4, 5].map((s) => make(s).heldOut.texts().join());
    expect(other.some((h) => h !== a.heldOut.texts().join())).toBe(true);
  });

  it('chapters: windows of L characters, every n-th chapter held out', () => {
    const rng = new SeededRng(0);
    const chapters = Array.from(
      { length: 4 },
      (_, k) => Array.from({ length: 50 }, () => 'abcd\n '[rng.int(6)]).join('') + String(k),
    );
    const s = chaptersSplit({
      chapters,
      length: 8,
      stride: 4,
      heldOutEvery: 2,
      collapseWhitespace: true,
      tokenizer: (c) => CharTokenizer.fit(c),
    });
    const collapsed = chapters.map((c) => c.replace(/\s+/g, ' ').trim());
    expect(s.heldOut.texts()[0]).toBe(collapsed[1]!.slice(0, 8));
    expect(s.train.texts()[1]).toBe(collapsed[0]!.slice(4, 12));
    for (const w of [...s.train.texts(), ...s.heldOut.texts()]) {
      expect(w.length).toBe(8);
      expect(w).not.toMatch(/\n| {2}/);
    }
    const heldWindows = Math.floor(collapsed[1]!.length / 8) + Math.floor(collapsed[3]!.length / 8);
    expect(s.heldOut.size).toBe(heldWindows);
  });
});
