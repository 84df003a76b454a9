import * as tf from '@tensorflow/tfjs';
import { mapTime, perSample, type Time } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';
import type { CleanAndNoise, Parameterization } from './parameterization.js';

/**
 * Score prediction (seed 001): s = ∇ log p(x_t) = −ε/σ_t (Tweedie), so ε̂ = −σ_t·ŝ and x̂0 = (x_t + σ_t²·ŝ)/α_t.
 * The loss is weighted by λ(t) = σ_t² (denoising score matching), which makes it the ε-loss.
 */
export const scoreParameterization: Parameterization = {
  kind: 'score',
  description: 'score prediction ŝ ≈ −ε/σ_t (loss weighted by σ_t²)',
  fromPrediction(p: CleanAndNoise, t: Time, process: GaussianProcess): tf.Tensor {
    const inv = mapTime(t, (v) => -1 / process.sigma(v));
    return tf.tidy(() => tf.mul(perSample(inv, p.eps.rank), p.eps));
  },
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction {
    const { alpha, sigma } = process.coefficients(t);
    const r = xt.rank;
    return tf.tidy(() => {
      const eps = tf.mul(
        perSample(
          mapTime(sigma, (s) => -s),
          r,
        ),
        output,
      );
      const x0 = tf.div(tf.sub(xt, tf.mul(perSample(sigma, r), eps)), perSample(alpha, r));
      return { x0, eps };
    });
  },
  lossWeight: (t: Float64Array, process: GaussianProcess) => t.map((v) => process.sigma(v) ** 2),
};
