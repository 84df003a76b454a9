import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';
import type { Time } from '../time/time.js';
import type { TimeDomain } from '../time/time-domain.js';

/**
 * The forward map x_t = F_t(x0, ε) with ε ~ q(ε) (seed 002, eq. 1). Every process plugin provides one.
 * `X` is the data type (a float tensor for images and points, an int32 tensor of token ids for text) and `E`
 * the type of ε. A process whose F_t ignores ε (a deterministic degradation) still defines `sampleNoise`.
 */
export interface ForwardProcess<X extends tf.Tensor = tf.Tensor, E extends tf.Tensor = tf.Tensor> {
  /** Where t lives and how training times are drawn. */
  readonly time: TimeDomain;
  /** ε ~ q(ε), shaped for data like `x0`. */
  sampleNoise(x0: X, rng: Rng): E;
  /** x_t = F_t(x0, ε). `t` is shared or per sample; `t = time.origin` returns x0. */
  forward(x0: X, eps: E, t: Time): X;
  /** x_T ~ p(x_T), the sampler's starting point, for a batch of the given (full) shape. */
  prior(shape: readonly number[], rng: Rng): X;
}

/**
 * A process whose F_t is invertible in ε: ε = F_t^{-1}(x0, x_t) (seed 002, the derivation of eq. 12).
 * Enables the recovered-ε and interpolated-ε corrections; Gaussian processes are the main example.
 */
export interface InvertibleForward<
  X extends tf.Tensor = tf.Tensor,
  E extends tf.Tensor = tf.Tensor,
> extends ForwardProcess<X, E> {
  readonly invertible: true;
  /** ε = F_t^{-1}(x0, x_t). */
  inverse(x0: X, xt: X, t: Time): E;
}

/** Whether `p` declares F_t^{-1}. */
export function isInvertible<X extends tf.Tensor, E extends tf.Tensor>(
  p: ForwardProcess<X, E>,
): p is InvertibleForward<X, E> {
  return (
    (p as Partial<InvertibleForward<X, E>>).invertible === true &&
    typeof (p as InvertibleForward<X, E>).inverse === 'function'
  );
}
