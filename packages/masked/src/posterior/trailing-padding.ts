import * as tf from '@tensorflow/tfjs';
import { IMPOSSIBLE } from '@udm/core';

/**
 * The structure of right-padded text (a name padded with [PAD] to L ids): [PAD] only ever ends a sequence. Given
 * the unmasked tokens of x_t, a masked position with a known [PAD] to its left must be [PAD], and one with a known
 * non-[PAD] token to its right cannot be [PAD]. Returns an additive log-probability bias [B, L, V] (0 where allowed,
 * `IMPOSSIBLE` where excluded) for the logits of q(x0 | x_t); it depends on x_t only, so it carries no gradient.
 * Data that break the structure (a [PAD] inside a sequence) get a near-infinite loss: use it on padded data only.
 */
export function trailingPaddingBias(
  xt: tf.Tensor,
  padId: number,
  maskId: number,
  categories: number,
): tf.Tensor {
  return tf.tidy(() => {
    const ids = tf.cast(xt, 'int32');
    const isPad = tf.cast(tf.equal(ids, padId), 'float32');
    const isText = tf.cast(tf.logicalAnd(tf.notEqual(ids, padId), tf.notEqual(ids, maskId)), 'float32');
    // A known [PAD] strictly to the left; a known text token strictly to the right.
    const padLeft = tf.greater(tf.cumsum(isPad, 1, true), 0);
    const textRight = tf.greater(tf.cumsum(isText, 1, true, true), 0);
    const padHot = tf.oneHot(tf.fill(ids.shape, padId, 'int32'), categories); // [B, L, V]: 1 at [PAD]
    const notPad = tf.sub(1, padHot);
    const mustPad = tf.mul(tf.expandDims(tf.cast(padLeft, 'float32'), -1), notPad);
    const cannotPad = tf.mul(tf.expandDims(tf.cast(textRight, 'float32'), -1), padHot);
    return tf.mul(tf.minimum(tf.add(mustPad, cannotPad), 1), IMPOSSIBLE);
  });
}
