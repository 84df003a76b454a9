import * as tf from '@tensorflow/tfjs';
import type { Conditioning, ForwardSample } from '@udm/core';
import type { MaskedObjective } from './masked-objective.js';
import type { SubsPosterior } from './subs-posterior.js';

/**
 * The seed's plain cross-entropy (002 §7.2, −log q(x0 | x_t) with eq. 58): the mean of −log q(x0^l | x_t) over
 * the masked positions of the batch, without a time weighting.
 */
export const crossEntropyObjective: MaskedObjective = {
  kind: 'cross-entropy',
  loss(posterior: SubsPosterior, sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    return tf.tidy(() => {
      const nll = posterior.tokenNll(sample.xt, sample.x0, sample.t, cond);
      const masked = tf.cast(posterior.process.isMasked(sample.xt), 'float32');
      return tf.div(tf.sum(nll), tf.maximum(tf.sum(masked), 1)) as tf.Scalar;
    });
  },
};
