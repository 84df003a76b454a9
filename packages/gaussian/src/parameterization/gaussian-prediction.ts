import type * as tf from '@tensorflow/tfjs';
import type { PointPrediction } from '@udm/core';

/**
 * G_t's output for a Gaussian process: x̂0 (the mean of q(x0 | x_t)) and the matching ε̂ = F_t⁻¹(x̂0, x_t) as the
 * network gave it. Steps may process x̂0 (clipping) and still use the model's ε̂ (diffusers'
 * `use_clipped_model_output = false`). `varianceValue` is a learned-variance network's second output v ∈ [−1, 1]
 * (the `learned_range` interpolation between log β̃ and log β, seed 003).
 */
export interface GaussianPrediction extends PointPrediction {
  readonly x0: tf.Tensor;
  readonly eps: tf.Tensor;
  readonly varianceValue?: tf.Tensor;
}
