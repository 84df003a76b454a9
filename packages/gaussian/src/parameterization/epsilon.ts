import * as tf from '@tensorflow/tfjs';
import { perSample, type ForwardSample, type Time } from '@udm/core';
import type { VpProcess } from '../process/vp-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';
import type { Parameterization } from './parameterization.js';

/** ε-prediction (DDPM): the network predicts ε̂; x̂0 = (x_t − σ_t·ε̂)/α_t. */
export const epsilonParameterization: Parameterization = {
  kind: 'epsilon',
  target: (sample: ForwardSample) => sample.eps.clone(),
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: VpProcess): GaussianPrediction {
    const { alpha, sigma } = process.coefficients(t);
    const x0 = tf.tidy(() =>
      tf.div(tf.sub(xt, tf.mul(perSample(sigma, xt.rank), output)), perSample(alpha, xt.rank)),
    );
    return { x0, eps: output };
  },
};
