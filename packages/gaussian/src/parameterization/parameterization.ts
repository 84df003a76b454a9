import type * as tf from '@tensorflow/tfjs';
import type { ForwardSample, Time } from '@udm/core';
import type { VpProcess } from '../process/vp-process.js';
import type { GaussianPrediction } from './gaussian-prediction.js';

/**
 * What the network's output means (seeds 000/004): the regression target A_t·x0 + B_t·ε it is trained on,
 * and how (x̂0, ε̂) are recovered from it given x_t. One object per parameterization, chosen once by config.
 */
export interface Parameterization {
  readonly kind: string;
  /** The training target for a forward sample. */
  target(sample: ForwardSample, process: VpProcess): tf.Tensor;
  /** (x̂0, ε̂) from the network output at (x_t, t). */
  toPrediction(output: tf.Tensor, xt: tf.Tensor, t: Time, process: VpProcess): GaussianPrediction;
}
