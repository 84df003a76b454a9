import { CharTokenizer, TokenDataset } from '@udm/data';
import { describe, expect, it } from 'vitest';
import { decodeRows, sampleStatistics } from '../src/index.js';

const tok = CharTokenizer.fit(['abc']);
const L = 4;
const rows = (texts: string[]) => TokenDataset.fromTexts(texts, tok, L).ids;

describe('decodeRows', () => {
  it('decodes each row and counts a [PAD] followed by a letter as malformed', () => {
    const ids = rows(['ab', 'abc', 'c']);
    ids[2 * L + 2] = tok.encode('a')[0]!; // "c", [PAD], "a", [PAD]: a gap
    const { texts, malformed } = decodeRows(tok, ids, L);
    expect(texts).toEqual(['ab', 'abc', 'ca']);
    expect(malformed).toBe(1);
  });

  it('refuses a length that does not split the ids', () => {
    expect(() => decodeRows(tok, rows(['ab']), 3)).toThrow(/length: expected a positive divisor of 4 ids, got 3/);
  });
});

describe('sampleStatistics', () => {
  it('counts novel, copied, held-out and distinct texts against the split', () => {
    const train = TokenDataset.fromTexts(['ab', 'ba', 'cab'], tok, L);
    const heldOut = TokenDataset.fromTexts(['abc', 'ca'], tok, L);
    const generated = rows(['ab', 'ab', 'abc', 'cc']);
    const s = sampleStatistics(generated, { train, heldOut });
    expect(s.shown).toEqual(['ab', 'ab', 'abc', 'cc']);
    expect(s.shownNovel).toBe(2);
    expect(s.copiedFromTraining).toBe(0.5);
    expect(s.novel).toBe(0.5);
    expect(s.inHeldOut).toBe(0.25);
    expect(s.distinct).toBe(0.75);
    expect(s.malformed).toBe(0);
    expect(s.unigramTv).toBeGreaterThan(0);
    expect(s.unigramTv).toBeLessThanOrEqual(1);
  });
});
