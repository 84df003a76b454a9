import * as tf from '@tensorflow/tfjs';
import type { Conditioning } from '@udm/core';
import type { SubsPosterior } from '../posterior/subs-posterior.js';
import { countMask } from './count-mask.js';

/**
 * The count estimator of the masked NELBO (the any-order form of MDLM's bound): with k ~ U{1..L} masked tokens at
 * uniformly random positions,
 *   −log p(x0) ≤ E_k E_{|S| = k}[ (L/k) Σ_{l ∈ S} −log q(x0^l | x0 with S masked) ],
 * which equals the continuous-time NELBO E_t[w(t) Σ_{l masked} −log q] of any schedule (both weigh a masked set
 * S by (|S| − 1)!(L − |S|)!/L!). Fixing the count removes the binomial spread of #masked and the 1/t weight's
 * tail, so its variance is lower. Row b masks 1 + ⌊L·u_b⌋ positions (those with the smallest ε); the network is
 * told the time whose masked fraction 1 − α is k/L under the linear schedule (`clock.timeAt(k/L)`; SUBS networks
 * usually ignore it). Returns each sequence's estimate in nats, float32 [B].
 */
export function countNelbo(
  posterior: SubsPosterior,
  x0: tf.Tensor,
  eps: ArrayLike<number>,
  u: ArrayLike<number>,
  cond?: Conditioning,
): tf.Tensor {
  const [B, L] = x0.shape as [number, number];
  const { mask, counts } = countMask(eps, u, L);
  const process = posterior.process;
  return tf.tidy(() => {
    const masked = tf.tensor2d(mask, [B, L], 'bool');
    const xt = tf.where(masked, tf.fill([B, L], process.maskId, 'int32'), tf.cast(x0, 'int32'));
    const t = Float64Array.from(counts, (k) => process.clock.timeAt(k / L));
    const nll = posterior.tokenNll(xt, x0, t, cond);
    return tf.mul(tf.sum(nll, -1), tf.tensor1d(Float32Array.from(counts, (k) => L / k)));
  });
}
