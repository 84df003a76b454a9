import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@udm/core';

/** A dense layer's weights: W [in, out] (Glorot-uniform from the injected RNG) and b [out] (zeros). tfjs variables get automatic (unique) names; the network names them in its `variables` map. */
export interface DenseWeights {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
}

export function createDense(fanIn: number, fanOut: number, rng: Rng): DenseWeights {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const u = rng.uniforms(fanIn * fanOut);
  const w = Float32Array.from(u, (v) => (2 * v - 1) * limit);
  return {
    weight: tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true)),
    bias: tf.tidy(() => tf.variable(tf.zeros([fanOut]), true)),
  };
}

/**
 * h·W + b, as one fused matrix product with a bias epilogue (`tf.fused.matMul`): the native backend adds the bias
 * in its SGEMM pass instead of a separate broadcasting Add (same numbers: one addition per output).
 */
export function dense(h: tf.Tensor2D, layer: DenseWeights): tf.Tensor2D {
  return tf.fused.matMul({ a: h, b: layer.weight as tf.Tensor2D, bias: layer.bias }) as tf.Tensor2D;
}
