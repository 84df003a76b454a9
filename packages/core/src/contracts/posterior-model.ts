import type * as tf from '@tensorflow/tfjs';
import type { Time } from '../time/time.js';
import type { ForwardSample } from './forward-sample.js';
import type { Network } from './network.js';

/** Optional conditioning (e.g. class labels) passed to G_t. */
export interface Conditioning {
  /** Integer class labels, one per sample. */
  readonly labels?: tf.Tensor1D;
}

/**
 * G_t: the learned approximation q(x0 | x_t) of the posterior p(x0 | x_t) (seed 002, eq. 6–8). It wraps a network
 * and a parameterization: `predict` gives the prediction `P` the conditional step consumes, `loss` the training
 * surrogate of −log q(x0 | F_t(x0, ε)) — a weighted MSE for Gaussian q, a cross-entropy for categorical q. A model
 * keeps no training state: how t is drawn and weighted beyond that (p_time, ω(t), importance sampling) belongs to
 * the training objective (`train.objective`).
 */
export interface PosteriorModel<
  X extends tf.Tensor = tf.Tensor,
  P = unknown,
  E extends tf.Tensor = tf.Tensor,
> {
  readonly network: Network;
  /** G_t(x_t): the prediction of x0 (and whatever else the step needs). Runs in inference mode. */
  predict(xt: X, t: Time, cond?: Conditioning): P;
  /** The scalar training loss, averaged over the batch, for one forward sample. */
  loss(sample: ForwardSample<X, E>, cond?: Conditioning): tf.Scalar;
}
