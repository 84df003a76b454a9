import * as tf from '@tensorflow/tfjs';
import { perSample, type Time } from '@udm/core';
import { hasNoiseLevels, type GaussianProcess } from '@udm/gaussian';

/**
 * A map x_e ↦ x̂0 at per-sample noise levels σ_e (k-diffusion's coordinates x_e = x_t/α_t, σ_e = σ_t/α_t): the
 * consistency function f(x_e, σ) of a consistency model, or the denoiser D(x_e, σ) of a teacher.
 */
export type SigmaDenoiser = (xe: tf.Tensor, sigma: Float64Array) => tf.Tensor;

/** The x̂0 of a model at (x_t, t): a posterior's or predictor's `predict(x_t, t).x0`. */
export type TimeDenoiser = (xt: tf.Tensor, t: Time) => tf.Tensor;

/**
 * Reads a model written in a Gaussian process's time in σ_e: t_i is the time whose σ_t/α_t is σ_i (exact on a
 * continuous domain, the nearest step on a discrete one), x_t = α_t·x_e, and x̂0 = `denoise(x_t, t)`. Works
 * inside a gradient tape (the student of consistency training) as well as outside (a teacher, a sampler).
 */
export function sigmaDenoiser(process: GaussianProcess, denoise: TimeDenoiser): SigmaDenoiser {
  const domain = process.time;
  if (!hasNoiseLevels(domain))
    throw new RangeError(
      'sigmaDenoiser: the process has no noise levels σ_t/α_t (a Gaussian process’s time)',
    );
  return (xe, sigma) => {
    if (sigma.length !== xe.shape[0])
      throw new RangeError(
        `sigma: expected ${xe.shape[0]} noise levels (one per sample), got ${sigma.length}`,
      );
    // One inversion per distinct level (a shared σ, or the N levels of a training grid).
    const seen = new Map<number, number>();
    const t = sigma.map((s) => {
      let ti = seen.get(s);
      if (ti === undefined) seen.set(s, (ti = domain.timeOfNoiseToSignal(s)));
      return ti;
    });
    // A shared level is passed as one time (the model then sees a shared t, as a sampler gives it).
    const time: Time = seen.size === 1 ? t[0]! : t;
    const { alpha } = process.coefficients(time);
    return tf.tidy(() => denoise(tf.mul(xe, perSample(alpha, xe.rank)), time));
  };
}
