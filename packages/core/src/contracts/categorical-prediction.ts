import * as tf from '@tensorflow/tfjs';

/** The log-probability standing in for −∞ (finite, so that 0·(−∞) cannot make a NaN in the loss). */
export const IMPOSSIBLE = -1e9;

/**
 * What G_t predicts for token data: the factorised categorical q(x0 | x_t) = Π_l Softmax(·) of seed 002 eq. 58
 * (after SUBS for the absorbing process: the [MASK] id impossible, unmasked tokens of x_t certain; the plain
 * softmax for the uniform-state process), with its most probable ids as the point estimate x̂0.
 */
export interface CategoricalPrediction {
  /** log q(x0^l = v | x_t) as float32 [B, L, V]; `IMPOSSIBLE` (≈ −∞) for excluded ids. */
  readonly logProbs: tf.Tensor;
  /** The most probable ids, int32 [B, L]. */
  readonly x0: tf.Tensor;
}

/**
 * A prediction that is certain of `x0` (log-probability 0 on x0, −∞ elsewhere): the true x0 as G_t, for the
 * conformance kit's marginal check, or any point estimate x̂0 turned into a categorical.
 */
export function pointMassPrediction(x0: tf.Tensor, categories: number): CategoricalPrediction {
  return tf.tidy(() => {
    const hot = tf.oneHot(tf.cast(x0, 'int32'), categories);
    const logProbs = tf.mul(tf.sub(1, hot), IMPOSSIBLE);
    return { logProbs, x0: tf.cast(x0, 'int32') };
  });
}
