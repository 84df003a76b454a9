import * as tf from '@tensorflow/tfjs';
import type { Conditioning, ForwardSample } from '@udm/core';
import type { MaskedObjective } from './masked-objective.js';
import type { SubsPosterior } from './subs-posterior.js';

/**
 * MDLM's NELBO: E_t[ w(t) Σ_{l masked} −log q(x0^l | x_t) ] with w(t) = −α'(t)/(1 − α(t)) (1/t for the linear
 * schedule) in continuous time, or the D3PM sum's weight in discrete time. Reported per token (divided by L),
 * in nats; combined with stratified ("antithetic") t it is an unbiased, low-variance estimate of the bound.
 */
export const nelboObjective: MaskedObjective = {
  kind: 'nelbo',
  loss(posterior: SubsPosterior, sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    return tf.tidy(() => {
      const L = sample.x0.shape[1]!;
      return tf.div(tf.mean(posterior.sequenceNelbo(sample, cond)), L) as tf.Scalar;
    });
  },
};
