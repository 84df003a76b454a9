import type { Rng } from '@udm/core';
import { cholesky } from './cholesky.js';
import { kMeans } from './k-means.js';

/** One component of a Gaussian mixture: weight π_k, mean μ_k and the Cholesky factor L_k of Σ_k (row-major). */
export interface GaussianComponent {
  readonly weight: number;
  readonly mean: Float64Array;
  readonly cholesky: Float64Array;
}

export interface MixtureFitOptions {
  /** Number of components K (clusters that end up empty are dropped). */
  readonly components: number;
  /** Ridge added to every covariance, relative to the data's mean per-coordinate variance. */
  readonly jitter: number;
  /** Seeds k-means++. */
  readonly rng: Rng;
}

/**
 * A full-covariance Gaussian mixture Σ_k π_k N(μ_k, Σ_k) in float64 on the host. `fit` clusters the points with
 * k-means (hard-assignment EM) and fits each cluster's mean and covariance (plus a small ridge, since degraded images
 * span few directions); `sample` draws x = μ_k + L_k z with k ~ π and z ~ N(0, I) from the injected RNG.
 */
export class GaussianMixture {
  constructor(
    readonly dim: number,
    readonly components: readonly GaussianComponent[],
  ) {
    if (components.length < 1) throw new RangeError('mixture: expected at least one component');
    const total = components.reduce((a, c) => a + c.weight, 0);
    if (Math.abs(total - 1) > 1e-9) throw new RangeError(`mixture: weights sum to ${total}, expected 1`);
  }

  static fit(x: Float64Array, n: number, d: number, options: MixtureFitOptions): GaussianMixture {
    if (x.length !== n * d) throw new RangeError(`mixture: expected ${n}×${d} values, got ${x.length}`);
    const { assignment } = kMeans(x, n, d, options.components, options.rng);
    // The ridge: jitter × the mean per-coordinate variance of all points (never exactly zero).
    let meanVar = 0;
    for (let j = 0; j < d; j++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const v = x[i * d + j]!;
        s += v;
        s2 += v * v;
      }
      meanVar += Math.max(s2 / n - (s / n) ** 2, 0) / d;
    }
    const ridge = options.jitter * meanVar + 1e-12;
    const components: GaussianComponent[] = [];
    for (let k = 0; k < options.components; k++) {
      const rows: number[] = [];
      assignment.forEach((a, i) => {
        if (a === k) rows.push(i);
      });
      if (rows.length === 0) continue;
      const mean = new Float64Array(d);
      for (const i of rows) for (let j = 0; j < d; j++) mean[j] = mean[j]! + x[i * d + j]!;
      for (let j = 0; j < d; j++) mean[j] = mean[j]! / rows.length;
      const cov = new Float64Array(d * d);
      const v = new Float64Array(d);
      for (const i of rows) {
        for (let j = 0; j < d; j++) v[j] = x[i * d + j]! - mean[j]!;
        for (let j = 0; j < d; j++) {
          const vj = v[j]!;
          const row = j * d;
          for (let l = 0; l <= j; l++) cov[row + l] = cov[row + l]! + vj * v[l]!;
        }
      }
      for (let j = 0; j < d; j++) {
        for (let l = 0; l <= j; l++) {
          const c = cov[j * d + l]! / rows.length + (j === l ? ridge : 0);
          cov[j * d + l] = c;
          cov[l * d + j] = c;
        }
      }
      components.push({ weight: rows.length / n, mean, cholesky: cholesky(cov, d) });
    }
    return new GaussianMixture(d, components);
  }

  /** `count` draws, row-major [count, dim]. */
  sample(count: number, rng: Rng): Float64Array {
    const d = this.dim;
    const out = new Float64Array(count * d);
    for (let s = 0; s < count; s++) {
      let u = rng.uniform();
      let comp = this.components[this.components.length - 1]!;
      for (const c of this.components) {
        u -= c.weight;
        if (u < 0) {
          comp = c;
          break;
        }
      }
      const z = rng.normals(d);
      const L = comp.cholesky;
      for (let j = 0; j < d; j++) {
        let acc = comp.mean[j]!;
        const row = j * d;
        for (let l = 0; l <= j; l++) acc += L[row + l]! * z[l]!;
        out[s * d + j] = acc;
      }
    }
    return out;
  }
}
