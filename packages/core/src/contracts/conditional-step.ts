import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';

/**
 * A draw from p(x_s | x_t, x0) with x0 replaced by the model's prediction (seed 002, eq. 9–13), for any s < t:
 * skipped steps are not a special case. `s` may be the time domain's origin (the final step).
 * The marginal constraint ∫ p(x_s | x_t, x0) p(x_t | x0) dx_t = p(x_s | x0) (seed 002, eq. 10) is what makes a
 * step valid; `@udm/testing` checks it statistically.
 */
export interface ConditionalStep<X extends tf.Tensor = tf.Tensor, P = unknown> {
  step(xt: X, prediction: P, t: number, s: number, rng: Rng): X;
}
