import type * as tf from '@tensorflow/tfjs';
import type { PointPrediction } from '@udm/core';

/** G_t's output for a Gaussian process: x̂0 (the mean of q(x0 | x_t)) and the matching ε̂. */
export interface GaussianPrediction extends PointPrediction {
  readonly x0: tf.Tensor;
  readonly eps: tf.Tensor;
}
