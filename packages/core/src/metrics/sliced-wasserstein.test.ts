import { describe, expect, it } from 'vitest';
import { SeededRng } from '../random/seeded-rng.js';
import { slicedWasserstein } from './sliced-wasserstein.js';

function gaussianCloud(n: number, dim: number, seed: number, shift: number[] = []): Float64Array {
  const z = new SeededRng(seed).normals(n * dim);
  return z.map((v, i) => v + (shift[i % dim] ?? 0));
}

describe('slicedWasserstein', () => {
  it('is exactly 0 for identical sets', () => {
    const a = gaussianCloud(500, 2, 1);
    expect(slicedWasserstein(a, a.slice(), 2, new SeededRng(0))).toBe(0);
  });

  it('is 0 for the same points in another order', () => {
    const a = gaussianCloud(300, 3, 2);
    const b = new Float64Array(a.length);
    const n = a.length / 3;
    for (let i = 0; i < n; i++) b.set(a.subarray((n - 1 - i) * 3, (n - i) * 3), i * 3);
    expect(slicedWasserstein(a, b, 3, new SeededRng(0))).toBeCloseTo(0, 12);
  });

  it('a shift d along one axis in 2-D gives d·E|cos θ| = 2d/π', () => {
    // Projected on a unit direction at angle θ, the shifted set is the original one moved by d·cos θ, so the 1-D
    // W1 is |d cos θ| exactly; averaged over uniform directions that is d·2/π. Monte Carlo over the directions:
    // sd(|cos θ|) = √(1/2 − 4/π²) ≈ 0.31, so with 4096 directions the relative SE is about 0.75%.
    const a = gaussianCloud(400, 2, 3);
    for (const d of [0.5, 3]) {
      const b = a.map((v, i) => (i % 2 === 0 ? v + d : v));
      const sw = slicedWasserstein(a, b, 2, new SeededRng(4), 4096);
      expect(Math.abs(sw - (2 * d) / Math.PI) / ((2 * d) / Math.PI)).toBeLessThan(0.03);
    }
  });

  it('grows with the shift', () => {
    const a = gaussianCloud(400, 2, 5);
    const values = [0, 0.5, 1, 2, 4].map((d) =>
      slicedWasserstein(a, gaussianCloud(400, 2, 6, [d, 0]), 2, new SeededRng(7), 256),
    );
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
  });

  it('is small for two samples of the same distribution, of different sizes', () => {
    const a = gaussianCloud(2000, 2, 8);
    const b = gaussianCloud(1500, 2, 9);
    const sw = slicedWasserstein(a, b, 2, new SeededRng(10));
    expect(sw).toBeGreaterThan(0);
    expect(sw).toBeLessThan(0.1);
  });

  it('is symmetric for a fixed set of directions', () => {
    const a = gaussianCloud(200, 2, 11);
    const b = gaussianCloud(300, 2, 12, [1, -1]);
    expect(slicedWasserstein(a, b, 2, new SeededRng(13))).toBeCloseTo(
      slicedWasserstein(b, a, 2, new SeededRng(13)),
      12,
    );
  });

  it('in 1-D equals the W1 distance |shift|', () => {
    const a = gaussianCloud(500, 1, 14);
    const b = a.map((v) => v - 1.25);
    expect(slicedWasserstein(a, b, 1, new SeededRng(15), 8)).toBeCloseTo(1.25, 10);
  });

  it('rejects arrays that do not split into points of dimension dim', () => {
    expect(() => slicedWasserstein([1, 2, 3], [1, 2], 2, new SeededRng(0))).toThrow(/multiples of dim = 2/);
    expect(() => slicedWasserstein([], [1, 2], 2, new SeededRng(0))).toThrow(/non-empty/);
  });
});
