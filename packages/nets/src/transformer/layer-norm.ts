import * as tf from '@tensorflow/tfjs';
import { hasFusedKernel } from '../layers/fused-kernel.js';

/** LayerNorm's scale γ (ones) and shift β (zeros) over the last axis. */
export interface LayerNormWeights {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
}

export function createLayerNorm(dim: number): LayerNormWeights {
  return {
    gamma: tf.tidy(() => tf.variable(tf.ones([dim]), true)),
    beta: tf.tidy(() => tf.variable(tf.zeros([dim]), true)),
  };
}

/**
 * (h − mean)/√(var + eps)·γ + β over the last axis. The mean and the variance are products with a [d, 1] column of
 * 1/d (matrix kernels forward and backward), not `tf.moments`: the gradients of tfjs's Mean/Sum build a tensor of
 * ones in JavaScript on every call, which cost a tenth of a small transformer's training step on the wasm backend.
 * Where the backend registers the fused kernel `UdmLayerNorm` (@udm/backend-native), forward and gradient are one
 * kernel each instead.
 */
export function layerNorm<T extends tf.Tensor>(h: T, w: LayerNormWeights, eps = 1e-5): T {
  const d = h.shape[h.rank - 1];
  if (w.gamma.shape[0] !== d)
    throw new RangeError(`layerNorm: input has last axis ${d}, γ has ${w.gamma.shape[0]} entries`);
  if (h.rank >= 2 && hasFusedKernel('UdmLayerNorm', h, w.gamma, w.beta))
    return tf.tidy(() => {
      const [y] = tf
        .engine()
        .runKernel('UdmLayerNorm', { x: h, gamma: w.gamma, beta: w.beta }, { epsilon: eps }) as tf.Tensor[];
      return y as T;
    });
  return tf.tidy(() => {
    const d = h.shape[h.rank - 1]!;
    const rows = tf.reshape(h, [-1, d]) as tf.Tensor2D;
    const average = tf.fill([d, 1], 1 / d) as tf.Tensor2D;
    const centred = tf.sub(rows, tf.matMul(rows, average));
    const variance = tf.matMul(tf.square(centred), average);
    const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, eps)));
    return tf.reshape(tf.add(tf.mul(normed, w.gamma), w.beta), h.shape) as T;
  });
}
