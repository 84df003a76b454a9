import { describe, expect, it } from 'vitest';
import { SeededRng } from '../random/seeded-rng.js';
import { frechetDistance } from './frechet-distance.js';
import { sqrtPsd, symmetricEigen } from './symmetric-eigen.js';

function gaussian(n: number, mean: number[], std: number[], seed: number): Float64Array {
  const d = mean.length;
  const z = new SeededRng(seed).normals(n * d);
  return Float64Array.from(z, (v, i) => mean[i % d]! + std[i % d]! * v);
}

describe('symmetricEigen / sqrtPsd', () => {
  it('decomposes a symmetric matrix: A·v = λ·v, and sqrtPsd(A)² = A', () => {
    const a = Float64Array.from([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]);
    const { values, vectors } = symmetricEigen(a, 3);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += a[i * 3 + j]! * vectors[j * 3 + k]!;
        expect(av).toBeCloseTo(values[k]! * vectors[i * 3 + k]!, 10);
      }
    }
    const r = sqrtPsd(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let rr = 0;
        for (let k = 0; k < 3; k++) rr += r[i * 3 + k]! * r[k * 3 + j]!;
        expect(rr).toBeCloseTo(a[i * 3 + j]!, 10);
      }
  });
});

describe('frechetDistance', () => {
  it('is 0 for a set against itself and symmetric', () => {
    const a = gaussian(500, [0, 1, 2], [1, 2, 0.5], 1);
    const b = gaussian(400, [0.5, 1, 2], [1, 1, 0.5], 2);
    expect(Math.abs(frechetDistance(a, a, 3))).toBeLessThan(1e-8);
    expect(frechetDistance(a, b, 3)).toBeCloseTo(frechetDistance(b, a, 3), 8);
  });

  it('matches the closed form for diagonal Gaussians: Σ (μa−μb)² + (σa−σb)²', () => {
    const a = gaussian(20_000, [0, 1], [1, 2], 3);
    const b = gaussian(20_000, [1, 1], [1, 0.5], 4);
    const exact = 1 + (2 - 0.5) ** 2;
    expect(frechetDistance(a, b, 2)).toBeCloseTo(exact, 1);
  });

  it('names the argument that has the wrong size', () => {
    expect(() => frechetDistance([1, 2, 3], [1, 2, 3, 4], 2)).toThrow(
      /a: expected at least 2 rows of 2 values/,
    );
    expect(() => frechetDistance([1, 2, 3, 4], [1, 2], 2)).toThrow(/b: expected/);
    expect(() => frechetDistance([1, 2], [1, 2], 0)).toThrow(/d: expected a positive integer/);
  });
});
