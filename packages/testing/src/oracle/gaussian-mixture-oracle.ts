import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@udm/core';
import type { AffineProcess } from './affine-process.js';
import { OraclePredictor } from './oracle-predictor.js';

/** One component of a mixture with diagonal covariance: weight π_k, mean μ_k, per-coordinate std s_k. */
export interface MixtureComponent {
  readonly weight: number;
  readonly mean: readonly number[];
  /** One standard deviation for all coordinates, or one per coordinate. */
  readonly std: number | readonly number[];
}

/**
 * A Gaussian mixture p(x0) = Σ_k π_k N(μ_k, diag(s_k²)) with its exact posterior mean under x_t = α·x0 + σ·ε:
 * x_t | k ~ N(α·μ_k, α²s_k² + σ²), responsibilities r_k ∝ π_k N(x_t; α·μ_k, α²s_k² + σ²), and
 * E[x0 | x_t] = Σ_k r_k (μ_k + α·s_k²·(x_t − α·μ_k)/(α²s_k² + σ²)). Also draws exact samples and gives the true
 * mean and covariance, for statistical tests of samplers.
 */
export class GaussianMixtureOracle extends OraclePredictor {
  private readonly weights: Float64Array;
  private readonly means: Float64Array[];
  private readonly vars: Float64Array[];
  private readonly logR: Float64Array;

  constructor(
    process: AffineProcess,
    readonly components: readonly MixtureComponent[],
  ) {
    const dim = components[0]?.mean.length ?? 0;
    super(process, dim);
    if (components.length === 0 || dim === 0)
      throw new RangeError('components: expected at least one, of dim ≥ 1');
    const total = components.reduce((a, c) => a + c.weight, 0);
    this.weights = Float64Array.from(components, (c) => c.weight / total);
    this.means = components.map((c, k) => {
      if (c.mean.length !== dim)
        throw new RangeError(`components[${k}].mean: expected ${dim} values, got ${c.mean.length}`);
      return Float64Array.from(c.mean);
    });
    this.vars = components.map((c, k) => {
      const s = typeof c.std === 'number' ? new Array<number>(dim).fill(c.std) : [...c.std];
      if (s.length !== dim || s.some((v) => !(v >= 0))) {
        throw new RangeError(`components[${k}].std: expected ${dim} values ≥ 0`);
      }
      return Float64Array.from(s, (v) => v * v);
    });
    this.logR = new Float64Array(components.length);
  }

  protected posteriorMeanInto(x: Float64Array, alpha: number, sigma: number, out: Float64Array): void {
    const K = this.components.length;
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let l = Math.log(this.weights[k]!);
      for (let d = 0; d < this.dim; d++) {
        const v = alpha * alpha * this.vars[k]![d]! + sigma * sigma;
        const r = x[d]! - alpha * this.means[k]![d]!;
        l -= 0.5 * (Math.log(v) + (r * r) / v);
      }
      this.logR[k] = l;
      if (l > max) max = l;
    }
    out.fill(0);
    let total = 0;
    for (let k = 0; k < K; k++) {
      const w = Math.exp(this.logR[k]! - max);
      total += w;
      for (let d = 0; d < this.dim; d++) {
        const s2 = this.vars[k]![d]!;
        const v = alpha * alpha * s2 + sigma * sigma;
        const mu = this.means[k]![d]!;
        out[d] = out[d]! + w * (v === 0 ? mu : mu + (alpha * s2 * (x[d]! - alpha * mu)) / v);
      }
    }
    for (let d = 0; d < this.dim; d++) out[d] = out[d]! / total;
  }

  /**
   * log p_t(x) of the marginal of x_t = α·x0 + σ·ε, Σ_k π_k N(x; α·μ_k, α²s_k² + σ²), for each row of `x`
   * (row-major [n, dim], float64). α = 1, σ = 0 is the mixture's own log-density.
   */
  logDensity(x: ArrayLike<number>, alpha = 1, sigma = 0): Float64Array {
    const n = x.length / this.dim;
    const out = new Float64Array(n);
    const K = this.components.length;
    const l = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let v = Math.log(this.weights[k]!);
        for (let d = 0; d < this.dim; d++) {
          const s2 = alpha * alpha * this.vars[k]![d]! + sigma * sigma;
          const r = x[i * this.dim + d]! - alpha * this.means[k]![d]!;
          v -= 0.5 * (Math.log(2 * Math.PI * s2) + (r * r) / s2);
        }
        l[k] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(l[k]! - max);
      out[i] = max + Math.log(sum);
    }
    return out;
  }

  /**
   * E[x0 | x_t] written with tensor ops, so that it can be differentiated in x_t (tf.grad): for tests of methods
   * that need the denoiser's Jacobian (the probability-flow ODE's divergence). Float32; rows of x_t [n, dim].
   */
  posteriorMeanTensor(xt: tf.Tensor, alpha: number, sigma: number): tf.Tensor {
    return tf.tidy(() => {
      const K = this.components.length;
      const means = tf.tensor2d(
        this.means.map((m) => Array.from(m)),
        [K, this.dim],
      );
      const vars = tf.tensor2d(
        this.vars.map((v) => Array.from(v)),
        [K, this.dim],
      );
      const v = tf.add(tf.mul(vars, alpha * alpha), sigma * sigma); // [K, dim]
      const r = tf.sub(tf.expandDims(xt, 1), tf.mul(means, alpha)); // [n, K, dim]
      const logR = tf.add(
        tf.log(tf.tensor1d(Array.from(this.weights))),
        tf.mul(tf.sum(tf.add(tf.log(v), tf.div(tf.square(r), v)), 2), -0.5),
      ); // [n, K]
      const resp = tf.softmax(logR, 1);
      const gain = tf.div(tf.mul(vars, alpha), v); // α s²/(α²s² + σ²)
      const perK = tf.add(means, tf.mul(gain, r)); // [n, K, dim]
      return tf.sum(tf.mul(tf.expandDims(resp, 2), perK), 1);
    });
  }

  /** `n` exact draws x0 ~ p(x0), row-major [n, dim]. */
  sample(n: number, rng: Rng): Float64Array {
    const out = new Float64Array(n * this.dim);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform();
      let k = 0;
      while (k < this.weights.length - 1 && u >= this.weights[k]!) u -= this.weights[k++]!;
      const z = rng.normals(this.dim);
      for (let d = 0; d < this.dim; d++) {
        out[i * this.dim + d] = this.means[k]![d]! + Math.sqrt(this.vars[k]![d]!) * z[d]!;
      }
    }
    return out;
  }

  /** The mixture's mean Σ π_k μ_k. */
  mean(): Float64Array {
    const m = new Float64Array(this.dim);
    this.weights.forEach((w, k) => this.means[k]!.forEach((v, d) => (m[d] = m[d]! + w * v)));
    return m;
  }

  /** The mixture's covariance Σ π_k (diag(s_k²) + μ_k μ_kᵀ) − m mᵀ, row-major [dim, dim]. */
  covariance(): Float64Array {
    const m = this.mean();
    const D = this.dim;
    const c = new Float64Array(D * D);
    this.weights.forEach((w, k) => {
      const mu = this.means[k]!;
      for (let i = 0; i < D; i++) {
        c[i * D + i] = c[i * D + i]! + w * this.vars[k]![i]!;
        for (let j = 0; j < D; j++) c[i * D + j] = c[i * D + j]! + w * mu[i]! * mu[j]!;
      }
    });
    for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) c[i * D + j] = c[i * D + j]! - m[i]! * m[j]!;
    return c;
  }
}
