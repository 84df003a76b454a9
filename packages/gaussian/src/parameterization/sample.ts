import * as tf from '@tensorflow/tfjs';
import { perSample, type Time } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';
import type { CleanAndNoise, Parameterization } from './parameterization.js';

/** x0-prediction (diffusers' `sample`): the network predicts x̂0; ε̂ = (x_t − α_t·x̂0)/σ_t. */
export const sampleParameterization: Parameterization = {
  kind: 'sample',
  description: 'x0-prediction (loss ‖x̂0 − x0‖²)',
  fromPrediction: (p: CleanAndNoise) => p.x0.clone(),
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: GaussianProcess): GaussianPrediction {
    const { alpha, sigma } = process.coefficients(t);
    const eps = tf.tidy(() =>
      tf.div(tf.sub(xt, tf.mul(perSample(alpha, xt.rank), output)), perSample(sigma, xt.rank)),
    );
    return { x0: output, eps };
  },
};
