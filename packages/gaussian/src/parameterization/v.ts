import * as tf from '@tensorflow/tfjs';
import { mapTime, perSample, type Time } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';
import type { CleanAndNoise, Parameterization } from './parameterization.js';

/**
 * v-prediction (Salimans & Ho): v = α_t·ε − σ_t·x0. Then x̂0 = (α_t·x_t − σ_t·v)/(α_t² + σ_t²) and
 * ε̂ = (σ_t·x_t + α_t·v)/(α_t² + σ_t²) (the denominator is 1 for VP); defined even where α_t = 0.
 */
export const vParameterization: Parameterization = {
  kind: 'v',
  description: 'v-prediction, v = α_t ε − σ_t x0',
  fromPrediction(p: CleanAndNoise, t: Time, process: GaussianProcess): tf.Tensor {
    const { alpha, sigma } = process.coefficients(t);
    const r = p.x0.rank;
    return tf.tidy(() => tf.sub(tf.mul(perSample(alpha, r), p.eps), tf.mul(perSample(sigma, r), p.x0)));
  },
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction {
    const { alpha, sigma } = process.coefficients(t);
    const r = xt.rank;
    const norm = mapTime(t, (v) => {
      const a = process.alpha(v);
      const s = process.sigma(v);
      return 1 / (a * a + s * s);
    });
    return tf.tidy(() => {
      const a = tf.mul(perSample(alpha, r), perSample(norm, r));
      const s = tf.mul(perSample(sigma, r), perSample(norm, r));
      return {
        x0: tf.sub(tf.mul(a, xt), tf.mul(s, output)),
        eps: tf.add(tf.mul(s, xt), tf.mul(a, output)),
      };
    });
  },
};
