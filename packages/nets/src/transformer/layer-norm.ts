import * as tf from '@tensorflow/tfjs';

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

/** (h − mean)/√(var + eps)·γ + β over the last axis. */
export function layerNorm<T extends tf.Tensor>(h: T, w: LayerNormWeights, eps = 1e-5): T {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(h, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, eps))), w.gamma), w.beta) as T;
  });
}
