import * as tf from '@tensorflow/tfjs';
import type { Conditioning, ForwardSample } from '@udm/core';
import type { MaskedObjective } from '../posterior/masked-objective.js';
import type { SubsPosterior } from '../posterior/subs-posterior.js';
import { countNelbo } from './count-nelbo.js';

/**
 * The NELBO trained with the count estimator (`countNelbo`): the trainer's t_b (stratified over the batch with
 * antithetic times) becomes its quantile u_b under p(t), so k_b = 1 + ⌊L·u_b⌋ is uniform on {1..L} and
 * stratified; the trainer's ε picks the masked positions (x_t from the forward process is not used). Per token
 * (divided by L), in nats. Needs a clock with a continuous p(t) (`ScheduleClock.quantile`).
 */
export const countNelboObjective: MaskedObjective = {
  kind: 'nelbo-count',
  loss(posterior: SubsPosterior, sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    const clock = posterior.process.clock;
    if (!clock.quantile)
      throw new RangeError(
        `posterior.objective "nelbo-count": needs a continuous time (process.time.kind "continuous"), got "${clock.kind}"`,
      );
    const u = Float64Array.from(sample.t, (t) => Math.min(clock.quantile!(t), 1 - 1e-12));
    const eps = sample.eps.dataSync();
    return tf.tidy(() => {
      const L = sample.x0.shape[1]!;
      return tf.div(tf.mean(countNelbo(posterior, sample.x0, eps, u, cond)), L) as tf.Scalar;
    });
  },
};
