import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '@udm/core';

/** Where cold sampling starts: x_T ~ p(x_T), a batch of the given full shape. */
export interface ColdPrior {
  sample(shape: readonly number[], rng: Rng): tf.Tensor;
}
