import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { cholesky } from './cholesky.js';
import { GaussianMixture } from './gaussian-mixture.js';
import { kMeans } from './k-means.js';

describe('cholesky', () => {
  it('gives lower-triangular L with L·Lᵀ = A', () => {
    const d = 4;
    const rng = new SeededRng(1);
    const m = rng.normals(d * d);
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = i === j ? 0.5 : 0;
        for (let k = 0; k < d; k++) s += m[i * d + k]! * m[j * d + k]!;
        a[i * d + j] = s;
      }
    const l = cholesky(a, d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        if (j > i) expect(l[i * d + j]).toBe(0);
        let s = 0;
        for (let k = 0; k < d; k++) s += l[i * d + k]! * l[j * d + k]!;
        expect(s).toBeCloseTo(a[i * d + j]!, 12);
      }
  });
  it('rejects a matrix that is not positive definite', () => {
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });
});

/** n points around each of the given 2-D centres, std 0.1. */
function clusters(centres: number[][], n: number, rng: SeededRng): Float64Array {
  const out = new Float64Array(centres.length * n * 2);
  centres.forEach((c, k) => {
    const z = rng.normals(2 * n);
    for (let i = 0; i < n; i++) {
      out[(k * n + i) * 2] = c[0]! + 0.1 * z[2 * i]!;
      out[(k * n + i) * 2 + 1] = c[1]! + 0.1 * z[2 * i + 1]!;
    }
  });
  return out;
}

describe('kMeans', () => {
  it('separates well-separated clusters', () => {
    const centres = [
      [0, 0],
      [5, 5],
      [-5, 5],
    ];
    const x = clusters(centres, 100, new SeededRng(2));
    const { assignment } = kMeans(x, 300, 2, 3, new SeededRng(3));
    for (let k = 0; k < 3; k++) {
      const first = assignment[k * 100]!;
      for (let i = 0; i < 100; i++) expect(assignment[k * 100 + i]).toBe(first);
    }
    expect(new Set(assignment).size).toBe(3);
  });
});

describe('GaussianMixture', () => {
  it('a one-component fit has the sample mean and covariance, and its draws reproduce them', () => {
    const rng = new SeededRng(4);
    const n = 4000;
    // x = (z1, 0.8 z1 + 0.6 z2) + (1, −2): covariance [[1, 0.8], [0.8, 1]]
    const z = rng.normals(2 * n);
    const x = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      x[2 * i] = 1 + z[2 * i]!;
      x[2 * i + 1] = -2 + 0.8 * z[2 * i]! + 0.6 * z[2 * i + 1]!;
    }
    const gmm = GaussianMixture.fit(x, n, 2, { components: 1, jitter: 1e-9, rng: new SeededRng(5) });
    const c = gmm.components[0]!;
    expect(c.weight).toBe(1);
    expect(c.mean[0]).toBeCloseTo(1, 1);
    expect(c.mean[1]).toBeCloseTo(-2, 1);
    const draws = gmm.sample(20000, new SeededRng(6));
    let m0 = 0;
    let m1 = 0;
    for (let i = 0; i < 20000; i++) {
      m0 += draws[2 * i]! / 20000;
      m1 += draws[2 * i + 1]! / 20000;
    }
    let c01 = 0;
    let v0 = 0;
    for (let i = 0; i < 20000; i++) {
      c01 += ((draws[2 * i]! - m0) * (draws[2 * i + 1]! - m1)) / 20000;
      v0 += (draws[2 * i]! - m0) ** 2 / 20000;
    }
    expect(m0).toBeCloseTo(1, 1);
    expect(m1).toBeCloseTo(-2, 1);
    expect(v0).toBeCloseTo(1, 1);
    expect(c01).toBeCloseTo(0.8, 1);
  });

  it('weights follow the cluster sizes, and the same seed gives the same draws', () => {
    const x = clusters(
      [
        [0, 0],
        [10, 0],
      ],
      150,
      new SeededRng(7),
    );
    const uneven = x.subarray(0, (150 + 50) * 2);
    const gmm = GaussianMixture.fit(uneven, 200, 2, { components: 2, jitter: 1e-6, rng: new SeededRng(8) });
    expect(gmm.components.map((c) => c.weight).sort()).toEqual([0.25, 0.75]);
    expect(gmm.sample(10, new SeededRng(9))).toEqual(gmm.sample(10, new SeededRng(9)));
  });

  it('a degenerate (rank-deficient) set still fits thanks to the ridge', () => {
    const x = new Float64Array(3 * 50);
    for (let i = 0; i < 50; i++) x.set([i, 2 * i, 3 * i], 3 * i); // all on one line
    const gmm = GaussianMixture.fit(x, 50, 3, { components: 1, jitter: 1e-6, rng: new SeededRng(1) });
    expect(gmm.sample(5, new SeededRng(2)).every(Number.isFinite)).toBe(true);
  });
});
