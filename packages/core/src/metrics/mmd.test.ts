import { describe, expect, it } from 'vitest';
import { SeededRng } from '../random/seeded-rng.js';
import { mmd2 } from './mmd.js';

function gaussianCloud(n: number, dim: number, seed: number, shift: number[] = []): Float64Array {
  const z = new SeededRng(seed).normals(n * dim);
  return z.map((v, i) => v + (shift[i % dim] ?? 0));
}

/**
 * Population MMD² between N(0, I) and N(μ, I) in d dims with k(x, y) = exp(−‖x − y‖²/(2h²)): for x − y ~ N(m, 2I),
 * E k = (h²/(h² + 2))^{d/2}·exp(−‖m‖²/(2(h² + 2))), so MMD² = 2·(h²/(h² + 2))^{d/2}·(1 − exp(−‖μ‖²/(2(h² + 2)))).
 */
function populationMmd2(mu2: number, d: number, h: number): number {
  const c = ((h * h) / (h * h + 2)) ** (d / 2);
  return 2 * c * (1 - Math.exp(-mu2 / (2 * (h * h + 2))));
}

describe('mmd2', () => {
  it('is ≈ 0 for two samples of the same distribution', () => {
    const v = mmd2(gaussianCloud(400, 2, 1), gaussianCloud(400, 2, 2), 2, 1);
    // The unbiased estimator's sd is O(1/n) here; 0.01 is several sd.
    expect(Math.abs(v)).toBeLessThan(0.01);
  });

  it('is > 0 for shifted samples, and matches the closed form for Gaussians', () => {
    const v = mmd2(gaussianCloud(400, 2, 3), gaussianCloud(400, 2, 4, [1, 0]), 2, 1);
    const expected = populationMmd2(1, 2, 1); // ≈ 0.1024
    expect(v).toBeGreaterThan(0.05);
    expect(Math.abs(v - expected)).toBeLessThan(0.03);
  });

  it('grows with the shift', () => {
    const a = gaussianCloud(300, 2, 5);
    const values = [0, 0.5, 1, 2].map((d) => mmd2(a, gaussianCloud(300, 2, 6, [d, 0]), 2, 1));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
  });

  it('is symmetric', () => {
    const a = gaussianCloud(100, 3, 7);
    const b = gaussianCloud(150, 3, 8, [0.5, 0, 0]);
    expect(mmd2(a, b, 3, 0.8)).toBeCloseTo(mmd2(b, a, 3, 0.8), 12);
  });

  it('computes the unbiased estimator (checked by hand on two points each, 1-D)', () => {
    // a = {0, 1}, b = {3, 5}, h = 1: k(x, y) = exp(−(x − y)²/2).
    const k = (d: number) => Math.exp(-(d * d) / 2);
    const aa = k(1); // off-diagonal pairs (0,1) and (1,0)
    const bb = k(2);
    const ab = (k(3) + k(5) + k(2) + k(4)) / 4;
    expect(mmd2([0, 1], [3, 5], 1, 1)).toBeCloseTo(aa + bb - 2 * ab, 14);
  });

  it.each([0, -1, NaN])('rejects bandwidth %s', (h) => {
    expect(() => mmd2([0, 1], [0, 1], 1, h)).toThrow(/bandwidth must be positive/);
  });
});
