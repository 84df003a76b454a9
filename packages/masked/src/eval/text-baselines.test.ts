import { describe, expect, it } from 'vitest';
import { ngramBaselineBits, ngramDistance } from './ngram-stats.js';
import { ngramDistances, textBaselines } from './text-baselines.js';

const PAD = 0;
const MASK = 4;
const sequences = (ids: number[]) => ({
  ids: Int32Array.from(ids),
  length: 4,
  categories: 5,
  tokenizer: { padId: PAD, maskId: MASK },
});

describe('textBaselines / ngramDistances', () => {
  const train = sequences([1, 1, 2, 0, 3, 0, 0, 0]);
  const held = sequences([1, 3, 0, 0, 2, 2, 1, 0]);

  it('are the n-gram statistics with [PAD] and [MASK] treated as the examples treat them', () => {
    const b = { length: 4, categories: 5, maskId: MASK, padId: PAD };
    expect(textBaselines(train, held)).toEqual({
      trainEntropyBits: ngramBaselineBits(train.ids, train.ids, 1, { ...b, laplace: 0 }),
      unigramBits: ngramBaselineBits(train.ids, held.ids, 1, b),
      bigramBits: ngramBaselineBits(train.ids, held.ids, 2, b),
    });
    // coded training symbols 1, 1, 2, end, 3, end: H = −(2·⅓ log₂⅓ + 3·⅙ log₂⅙) over 4 characters + 2 ends
    const h = -((2 / 6) * Math.log2(2 / 6) * 2 + (1 / 6) * Math.log2(1 / 6) * 2);
    expect(textBaselines(train, train).trainEntropyBits).toBeCloseTo((h * 6) / 4, 12);
    const o = { length: 4, categories: 5, ignore: [PAD, MASK] };
    expect(ngramDistances(train.ids, held)).toEqual({
      unigramTv: ngramDistance(train.ids, held.ids, 1, o),
      bigramTv: ngramDistance(train.ids, held.ids, 2, o),
    });
    expect(ngramDistances(held.ids, held)).toEqual({ unigramTv: 0, bigramTv: 0 });
  });
});
