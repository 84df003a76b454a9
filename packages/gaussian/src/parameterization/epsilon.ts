import * as tf from '@tensorflow/tfjs';
import { perSample, type Time } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';
import type { CleanAndNoise, Parameterization } from './parameterization.js';

/** ε-prediction (DDPM): the network predicts ε̂; x̂0 = (x_t − σ_t·ε̂)/α_t (undefined where α_t = 0). */
export const epsilonParameterization: Parameterization = {
  kind: 'epsilon',
  description: 'ε-prediction (DDPM loss ‖ε̂ − ε‖²)',
  fromPrediction: (p: CleanAndNoise) => p.eps.clone(),
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction {
    const { alpha, sigma } = process.coefficients(t);
    const x0 = tf.tidy(() =>
      tf.div(tf.sub(xt, tf.mul(perSample(sigma, xt.rank), output)), perSample(alpha, xt.rank)),
    );
    return { x0, eps: output };
  },
};
