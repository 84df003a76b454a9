import { describe, expect, it } from 'vitest';
import { ArrayDataset } from '@udm/core';
import { CharTokenizer } from './char-tokenizer.js';
import { TokenDataset } from './token-dataset.js';
import { tokenSplit } from './token-split.js';

describe('tokenSplit', () => {
  const tok = CharTokenizer.fit(['abc']);
  const train = TokenDataset.fromTexts(['ab', 'cab'], tok, 4);
  const heldOut = TokenDataset.fromTexts(['ba'], tok, 4);

  it('gives the token datasets of a text model', () => {
    const split = tokenSplit({ data: { train, heldOut }, config: { data: { kind: 'first-names' } } });
    expect(split.train).toBe(train);
    expect(split.heldOut).toBe(heldOut);
  });

  it('names data.kind when the data is not text', () => {
    const points = new ArrayDataset(new Float32Array(4), [2]);
    expect(() =>
      tokenSplit({ data: { train: points, heldOut: points }, config: { data: { kind: 'two-moons' } } }),
    ).toThrow(/data\.kind: expected a text data set .* got "two-moons"/);
    expect(() =>
      tokenSplit({ data: { train, heldOut: points }, config: { data: { kind: 'mixed' } } }),
    ).toThrow(/got "mixed"/);
  });
});
