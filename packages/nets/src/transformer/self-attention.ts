import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@udm/core';
import { createDense, dense, type DenseWeights } from '../layers/dense.js';
import { hasFusedKernel } from '../layers/fused-kernel.js';
import { applyRotary, type RotaryTables } from './rotary.js';

/** The four projections of multi-head attention, each [d, d]. */
export interface AttentionWeights {
  readonly query: DenseWeights;
  readonly key: DenseWeights;
  readonly value: DenseWeights;
  readonly out: DenseWeights;
}

export function createAttention(d: number, rng: Rng): AttentionWeights {
  return {
    query: createDense(d, d, rng),
    key: createDense(d, d, rng),
    value: createDense(d, d, rng),
    out: createDense(d, d, rng),
  };
}

/**
 * Bidirectional multi-head self-attention on h [B·L, d] (rows grouped by sequence): every position attends to
 * every position of its sequence (no causal mask). With `rotary` tables, queries and keys are rotated by position
 * (RoPE) so that the scores see relative positions. Returns [B·L, d] after the output projection.
 */
export function selfAttention(
  h: tf.Tensor2D,
  batch: number,
  length: number,
  heads: number,
  weights: AttentionWeights,
  rotary?: RotaryTables,
): tf.Tensor2D {
  if (hasFusedKernel('UdmAttention', h))
    return fusedSelfAttention(h, batch, length, heads, weights, rotary);
  return tf.tidy(() => {
    const d = h.shape[1]!;
    const dh = d / heads;
    // [B·L, d] → [B, H, L, dh] → [B·H, L, dh]
    const split = (x: tf.Tensor) =>
      tf.reshape(tf.transpose(tf.reshape(x, [batch, length, heads, dh]), [0, 2, 1, 3]), [
        batch * heads,
        length,
        dh,
      ]) as tf.Tensor3D;
    const rotate = (x: tf.Tensor3D) => (rotary ? applyRotary(x, rotary) : x);
    const q = rotate(split(dense(h, weights.query)));
    const k = rotate(split(dense(h, weights.key)));
    const v = split(dense(h, weights.value));
    const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh));
    const context = tf.matMul(tf.softmax(scores), v); // [B·H, L, dh]
    const merged = tf.reshape(tf.transpose(tf.reshape(context, [batch, heads, length, dh]), [0, 2, 1, 3]), [
      batch * length,
      d,
    ]) as tf.Tensor2D;
    return dense(merged, weights.out);
  });
}

/**
 * selfAttention through the fused kernel `UdmAttention` (@udm/backend-native): queries, keys and values stay in
 * the projections' layout [B, L, H·d_h] (rotary applied on [B, L, H, d_h]), so no head split or merge transposes;
 * scores, softmax and the product with V, forward and backward, are one kernel each.
 */
function fusedSelfAttention(
  h: tf.Tensor2D,
  batch: number,
  length: number,
  heads: number,
  weights: AttentionWeights,
  rotary?: RotaryTables,
): tf.Tensor2D {
  return tf.tidy(() => {
    const d = h.shape[1]!;
    const dh = d / heads;
    const project = (w: DenseWeights, rotate: boolean) => {
      const x = dense(h, w);
      return tf.reshape(
        rotary && rotate ? applyRotary(tf.reshape(x, [batch, length, heads, dh]) as tf.Tensor4D, rotary) : x,
        [batch, length, d],
      );
    };
    const [context] = tf
      .engine()
      .runKernel(
        'UdmAttention',
        { q: project(weights.query, true), k: project(weights.key, true), v: project(weights.value, false) },
        { heads, scale: 1 / Math.sqrt(dh) },
      ) as tf.Tensor[];
    return dense(tf.reshape(context!, [batch * length, d]) as tf.Tensor2D, weights.out);
  });
}
