import * as tf from '@tensorflow/tfjs';
import type { Conditioning } from '@udm/core';
import type { SubsPosterior } from '../posterior/subs-posterior.js';
import { countNelbo } from './count-nelbo.js';

/**
 * One Monte-Carlo estimate of each sequence's NELBO (nats, float32 [B]) from a quantile f_b ∈ [0, 1) of the
 * estimator's own variable (stratified by the caller) and the per-token uniforms ε.
 */
export interface NelboEstimator {
  readonly kind: string;
  sequenceNelbo(
    posterior: SubsPosterior,
    x0: tf.Tensor,
    eps: tf.Tensor,
    f: Float64Array,
    cond?: Conditioning,
  ): tf.Tensor;
}

/** MDLM's continuous-time (or D3PM's discrete) estimate: t = timeAt(f), x_t = F_t(x0, ε), w(t)·Σ_masked −log q. */
export const timeEstimator: NelboEstimator = {
  kind: 'time',
  sequenceNelbo(posterior, x0, eps, f, cond) {
    const process = posterior.process;
    const t = f.map((v) => process.clock.timeAt(v));
    return tf.tidy(() => posterior.sequenceNelbo({ x0, eps, xt: process.forward(x0, eps, t), t }, cond));
  },
};

/** The count estimate (`countNelbo`): k = 1 + ⌊L·f⌋ masked tokens at the positions of the smallest ε, weight L/k. */
export const countEstimator: NelboEstimator = {
  kind: 'count',
  sequenceNelbo(posterior, x0, eps, f, cond) {
    return countNelbo(posterior, x0, eps.dataSync(), f, cond);
  },
};
