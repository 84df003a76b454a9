import { describe, expect, it } from 'vitest';
import { ngramBaselineBits, ngramDistance, ngramFrequencies } from './ngram-stats.js';

const PAD = 0;
const MASK = 4;
const o = { length: 4, categories: 5, ignore: [PAD, MASK] };

describe('n-gram statistics', () => {
  it('unigram and bigram frequencies within sequences, skipping ignored ids', () => {
    const ids = [1, 2, 2, 0, 3, 1, 0, 0];
    expect(Array.from(ngramFrequencies(ids, 1, o))).toEqual([0, 2 / 5, 2 / 5, 1 / 5, 0]);
    const bi = ngramFrequencies(ids, 2, o);
    // pairs (1,2), (2,2), (3,1); (2,0) and (1,0) skipped; no pair across the sequence boundary
    expect(bi[1 * 5 + 2]).toBeCloseTo(1 / 3, 15);
    expect(bi[2 * 5 + 2]).toBeCloseTo(1 / 3, 15);
    expect(bi[3 * 5 + 1]).toBeCloseTo(1 / 3, 15);
    expect(bi[2 * 5 + 3]).toBe(0);
  });

  it('total-variation distance: 0 for equal statistics, 1 for disjoint ones, ½Σ|p − q| otherwise', () => {
    expect(ngramDistance([1, 2, 3, 0], [3, 2, 1, 0], 1, o)).toBe(0);
    expect(ngramDistance([1, 1, 1, 1], [2, 2, 2, 2], 1, o)).toBe(1);
    expect(ngramDistance([1, 1, 2, 2], [1, 1, 1, 2], 1, o)).toBeCloseTo(0.25, 15);
    expect(ngramDistance([1, 2, 3, 0], [3, 2, 1, 0], 2, o)).toBe(1);
  });

  it('unigram baseline: Laplace-smoothed code length per non-pad character, the first [PAD] as an end symbol', () => {
    const train = [1, 1, 2, 0, 3, 0, 0, 0];
    const held = [1, 3, 0, 0];
    // coded training symbols: 1, 1, 2, end | 3, end → counts over {end, 1, 2, 3} (not MASK) + 1: [3, 3, 2, 2] / 10
    const p = [3 / 10, 3 / 10, 2 / 10, 2 / 10];
    const bits = -(Math.log2(p[1]!) + Math.log2(p[3]!) + Math.log2(p[0]!)) / 2;
    expect(
      ngramBaselineBits(train, held, 1, { length: 4, categories: 5, maskId: MASK, padId: PAD }),
    ).toBeCloseTo(bits, 12);
    // Without padId every position is a coded character: counts of {0, 1, 2, 3} = [0, 0, 4, 4], + 1 → / 12.
    const plain = [2, 3, 2, 2, 2, 3, 3, 3];
    expect(ngramBaselineBits(plain, [1, 2, 3, 2], 1, { length: 4, categories: 5, maskId: MASK })).toBeCloseTo(
      -(Math.log2(1 / 12) + 3 * Math.log2(5 / 12)) / 4,
      12,
    );
  });

  it('laplace: 0 gives the empirical entropy of the fitting text (the trivial unigram baseline)', () => {
    const train = [1, 1, 2, 0, 3, 0, 0, 0];
    // coded symbols 1, 1, 2, end | 3, end: p = {end: 2/6, 1: 2/6, 2: 1/6, 3: 1/6}, 4 characters
    const H = -(2 * 2 * Math.log2(2 / 6) + 2 * Math.log2(1 / 6)) / 4;
    const o = { length: 4, categories: 5, maskId: MASK, padId: PAD, laplace: 0 };
    expect(ngramBaselineBits(train, train, 1, o)).toBeCloseTo(H, 12);
    expect(ngramBaselineBits(train, [1, 0, 0, 0], 1, o)).toBeCloseTo(-2 * Math.log2(2 / 6), 12);
    expect(() => ngramBaselineBits(train, train, 1, { ...o, laplace: -1 })).toThrow(/laplace: expected/);
  });

  it('bigram baseline conditions on the previous id (the first position on a start state)', () => {
    const train = [1, 2, 1, 2, 1, 2, 1, 2];
    const held = [1, 2, 1, 2];
    const uni = ngramBaselineBits(train, held, 1, { length: 4, categories: 5, maskId: MASK });
    const bi = ngramBaselineBits(train, held, 2, { length: 4, categories: 5, maskId: MASK });
    // start → 1: (2 + 1)/(2 + 4); 1 → 2: (4 + 1)/(4 + 4); 2 → 1: (2 + 1)/(2 + 4)
    const expected = -(Math.log2(3 / 6) + 2 * Math.log2(5 / 8) + Math.log2(3 / 6)) / 4;
    expect(bi).toBeCloseTo(expected, 12);
    expect(bi).toBeLessThan(uni);
  });
});
