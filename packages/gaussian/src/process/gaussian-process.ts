import * as tf from '@tensorflow/tfjs';
import {
  hasAffineGaussian,
  mapTime,
  type AffineGaussianForward,
  type Coefficients,
  type CoefficientRates,
  perSample,
  randomNormal,
  type InvertibleForward,
  type Rng,
  type Time,
  type TimeDomain,
} from '@udm/core';

export type { Coefficients, CoefficientRates } from '@udm/core';

/**
 * A Gaussian forward process x_t = α_t·x0 + σ_t·ε, ε ~ N(0, I) (seed 002, eq. 1; seeds 000/004): core's
 * affine-Gaussian capability. VP, VE and rectified flow are all of this form and differ only in (α_t, σ_t).
 */
export type GaussianProcess = AffineGaussianForward;

/** Whether `p` is a Gaussian process (declares α_t and σ_t): core's `AFFINE_GAUSSIAN` guard. */
export const isGaussianProcess: (p: unknown) => p is GaussianProcess = hasAffineGaussian;

/** σ_t/α_t, the noise-to-signal ratio (k-diffusion's and EDM's σ); ∞ where α_t = 0. */
export function noiseToSignal(process: GaussianProcess, t: number): number {
  const a = process.alpha(t);
  const s = process.sigma(t);
  return a === 0 ? Infinity : s / a;
}

/**
 * The shared implementation of x_t = α_t·x0 + σ_t·ε: subclasses give α_t, σ_t and the time domain; the forward
 * map, its inverse ε = (x_t − α_t·x0)/σ_t and the prior follow. Coefficients are computed in float64 on the host
 * and cast once.
 */
export abstract class AffineGaussianProcess implements GaussianProcess {
  readonly invertible = true as const;
  readonly gaussian = true as const;
  abstract readonly time: TimeDomain;

  abstract alpha(t: number): number;
  abstract sigma(t: number): number;

  rates(_t: number): CoefficientRates | undefined {
    return undefined;
  }

  /** √(α²_T + σ²_T) at the noisiest time: 1 for VP, for data of unit variance. Subclasses may override. */
  get priorStd(): number {
    const T = this.time.tMax;
    return Math.hypot(this.alpha(T), this.sigma(T));
  }

  coefficients(t: Time): Coefficients {
    return { alpha: mapTime(t, (v) => this.alpha(v)), sigma: mapTime(t, (v) => this.sigma(v)) };
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
    const std = this.priorStd;
    return std === 1 ? randomNormal(rng, shape) : tf.tidy(() => tf.mul(randomNormal(rng, shape), std));
  }
}
