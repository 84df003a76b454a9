import type * as tf from '@tensorflow/tfjs';
import type { Conditioning } from '../contracts/posterior-model.js';
import type { Time } from '../time/time.js';

/** The part of G_t the sampler needs. A `PosteriorModel` is one; guidance wrappers are others. */
export interface Predictor<X extends tf.Tensor = tf.Tensor, P = unknown> {
  predict(xt: X, t: Time, cond?: Conditioning): P;
}
