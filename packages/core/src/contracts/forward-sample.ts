import type * as tf from '@tensorflow/tfjs';

/**
 * One draw from the forward process, the record the trainer hands to the posterior model's loss:
 * x0 ~ data, t ~ p(t), ε ~ q(ε), x_t = F_t(x0, ε).
 */
export interface ForwardSample<X extends tf.Tensor = tf.Tensor, E extends tf.Tensor = tf.Tensor> {
  readonly x0: X;
  readonly eps: E;
  readonly xt: X;
  /** One time per sample. */
  readonly t: Float64Array;
}
