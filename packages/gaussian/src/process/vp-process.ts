import * as tf from '@tensorflow/tfjs';
import {
  DiscreteTime,
  perSample,
  randomNormal,
  mapTime,
  type InvertibleForward,
  type Rng,
  type Time,
} from '@udm/core';

/**
 * The variance-preserving Gaussian process x_t = √ᾱ_t·x0 + √(1 − ᾱ_t)·ε, ε ~ N(0, I) (seed 002, eq. 1), on
 * discrete times 0..T−1 with the clean data at t = −1 (ᾱ_{−1} = `finalAlphaCumprod`, 1 by default as diffusers'
 * `set_alpha_to_one`). ᾱ is a float64 table; coefficients are computed in float64 and cast once.
 */
export class VpProcess implements InvertibleForward {
  readonly invertible = true as const;
  readonly time: DiscreteTime;

  constructor(
    readonly alphasCumprod: Float64Array,
    readonly finalAlphaCumprod = 1,
  ) {
    this.time = new DiscreteTime(alphasCumprod.length);
    alphasCumprod.forEach((a, i) => {
      if (!(a > 0 && a <= 1) || (i > 0 && a > alphasCumprod[i - 1]!)) {
        throw new RangeError(`alphasCumprod[${i}]: expected a non-increasing value in (0, 1], got ${a}`);
      }
    });
  }

  /** ᾱ_t for t ∈ {−1, 0, …, T−1}. */
  alphaBar(t: number): number {
    if (t === this.time.origin) return this.finalAlphaCumprod;
    const a = this.alphasCumprod[t];
    if (a === undefined) throw new RangeError(`t: expected an integer in [-1, ${this.time.tMax}], got ${t}`);
    return a;
  }

  /** α_t = √ᾱ_t and σ_t = √(1 − ᾱ_t), in float64, shared or per sample. */
  coefficients(t: Time): { alpha: Time; sigma: Time } {
    return {
      alpha: mapTime(t, (v) => Math.sqrt(this.alphaBar(v))),
      sigma: mapTime(t, (v) => Math.sqrt(1 - this.alphaBar(v))),
    };
  }

  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return randomNormal(rng, x0.shape);
  }

  forward(x0: tf.Tensor, eps: tf.Tensor, t: Time): tf.Tensor {
    const { alpha, sigma } = this.coefficients(t);
    return tf.tidy(() =>
      tf.add(tf.mul(perSample(alpha, x0.rank), x0), tf.mul(perSample(sigma, x0.rank), eps)),
    );
  }

  inverse(x0: tf.Tensor, xt: tf.Tensor, t: Time): tf.Tensor {
    const { alpha, sigma } = this.coefficients(t);
    return tf.tidy(() =>
      tf.div(tf.sub(xt, tf.mul(perSample(alpha, x0.rank), x0)), perSample(sigma, x0.rank)),
    );
  }

  prior(shape: readonly number[], rng: Rng): tf.Tensor {
    return randomNormal(rng, shape);
  }
}
