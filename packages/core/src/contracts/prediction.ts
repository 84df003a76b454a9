import type * as tf from '@tensorflow/tfjs';

/**
 * What G_t predicts for continuous data: a point estimate x̂0 of E[x0 | x_t] (the mean of the Gaussian
 * q(x0 | x_t), seed 002 eq. 7). Plugins may add fields (e.g. the ε̂ a network predicted, or per-token
 * probabilities for discrete data, which use their own prediction type).
 */
export interface PointPrediction {
  readonly x0: tf.Tensor;
}
