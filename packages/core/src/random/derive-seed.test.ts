import { describe, expect, it } from 'vitest';
import { deriveSeed } from './derive-seed.js';
import { SeededRng } from './seeded-rng.js';

describe('deriveSeed', () => {
  it('is deterministic and gives an unsigned 32-bit integer usable as a seed', () => {
    for (const [seed, label] of [
      [0, 'train'],
      [42, 'network-init'],
      [2 ** 40, 'sample'],
    ] as const) {
      const d = deriveSeed(seed, label);
      expect(d).toBe(deriveSeed(seed, label));
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(2 ** 32);
      expect(() => new SeededRng(d)).not.toThrow();
    }
  });

  it('separates labels and seeds', () => {
    const labels = ['train', 'sample', 'network-init', 'a', 'b', ''];
    const byLabel = new Set(labels.map((l) => deriveSeed(0, l)));
    expect(byLabel.size).toBe(labels.length);
    const bySeed = new Set([0, 1, 2, 3, 100].map((s) => deriveSeed(s, 'train')));
    expect(bySeed.size).toBe(5);
  });
});
