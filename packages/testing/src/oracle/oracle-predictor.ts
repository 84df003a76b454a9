import * as tf from '@tensorflow/tfjs';
import type { Predictor, Time } from '@udm/core';
import { coefficientsAt, type AffineProcess } from './affine-process.js';

/** The oracle's prediction: the exact x̂0 = E[x0 | x_t] and the matching ε̂ = (x_t − α_t·x̂0)/σ_t. */
export interface OraclePrediction {
  readonly x0: tf.Tensor;
  readonly eps: tf.Tensor;
}

/**
 * An exact G_t for a known data distribution: subclasses give E[x0 | x_t] for one flattened x_t (float64, on the
 * host). It plugs into any sampler in place of a trained posterior, so samplers can be validated without training:
 * with the exact posterior mean, every correct sampler reproduces the data distribution (up to discretisation).
 */
export abstract class OraclePredictor implements Predictor<tf.Tensor, OraclePrediction> {
  constructor(
    readonly process: AffineProcess,
    /** Size of one flattened example. */
    readonly dim: number,
  ) {}

  /** E[x0 | x_t = x] written into `out`, for one example with coefficients (α, σ). */
  protected abstract posteriorMeanInto(
    x: Float64Array,
    alpha: number,
    sigma: number,
    out: Float64Array,
  ): void;

  /** E[x0 | x_t] for a batch (host arrays, row-major [B, dim]). */
  posteriorMean(xt: ArrayLike<number>, t: Time): Float64Array {
    const batch = xt.length / this.dim;
    if (!Number.isInteger(batch)) {
      throw new RangeError(`x_t: expected a multiple of dim = ${this.dim} values, got ${xt.length}`);
    }
    const out = new Float64Array(xt.length);
    const x = new Float64Array(this.dim);
    const m = new Float64Array(this.dim);
    for (let b = 0; b < batch; b++) {
      for (let d = 0; d < this.dim; d++) x[d] = xt[b * this.dim + d]!;
      const { alpha, sigma } = coefficientsAt(this.process, t, b);
      this.posteriorMeanInto(x, alpha, sigma, m);
      out.set(m, b * this.dim);
    }
    return out;
  }

  predict(xt: tf.Tensor, t: Time): OraclePrediction {
    const x0 = tf.tensor(Float32Array.from(this.posteriorMean(xt.dataSync(), t)), xt.shape, 'float32');
    const batch = xt.shape[0]!;
    const a = new Float32Array(batch);
    const s = new Float32Array(batch);
    for (let b = 0; b < batch; b++) {
      const c = coefficientsAt(this.process, t, b);
      a[b] = c.alpha;
      s[b] = c.sigma;
    }
    const shape = [batch, ...new Array<number>(xt.rank - 1).fill(1)];
    const eps = tf.tidy(() => tf.div(tf.sub(xt, tf.mul(tf.tensor(a, shape), x0)), tf.tensor(s, shape)));
    return { x0, eps };
  }

  /** The exact score ∇ log p_t(x_t) = (α_t·E[x0 | x_t] − x_t)/σ_t² (Tweedie), host arrays. */
  score(xt: ArrayLike<number>, t: Time): Float64Array {
    const mean = this.posteriorMean(xt, t);
    return mean.map((m, i) => {
      const { alpha, sigma } = coefficientsAt(this.process, t, Math.floor(i / this.dim));
      return (alpha * m - xt[i]!) / (sigma * sigma);
    });
  }
}
