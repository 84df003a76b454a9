import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@udm/core';
import { hasFusedKernel } from './fused-kernel.js';
import { silu } from './silu.js';

/** A dense layer's weights: W [in, out] (Glorot-uniform from the injected RNG) and b [out] (zeros). tfjs variables get automatic (unique) names; the network names them in its `variables` map. */
export interface DenseWeights {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
}

/** The activation a dense layer can apply to h·W + b. */
export type DenseActivation = 'linear' | 'relu' | 'silu';

const ACTIVATIONS: Readonly<Record<DenseActivation, (z: tf.Tensor2D) => tf.Tensor2D>> = {
  linear: (z) => z,
  relu: (z) => tf.relu(z),
  silu: (z) => silu(z),
};

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
 * act(h·W + b) (default linear). Where the backend registers the fused kernel `UdmDense` (@udm/backend-native's
 * `dense-activation` lever), the product, bias and activation are one kernel and their three gradients another;
 * otherwise h·W + b is one fused matrix product with a bias epilogue (`tf.fused.matMul`: the native backend adds the
 * bias in its SGEMM pass instead of a separate broadcasting Add), then the activation.
 */
export function dense(
  h: tf.Tensor2D,
  layer: DenseWeights,
  activation: DenseActivation = 'linear',
): tf.Tensor2D {
  const apply = ACTIVATIONS[activation];
  if (apply === undefined)
    throw new RangeError(
      `dense: activation '${String(activation)}' (expected one of ${Object.keys(ACTIVATIONS).join(', ')})`,
    );
  if (hasFusedKernel('UdmDense', h, layer.weight, layer.bias))
    return tf.tidy(() => {
      const [y] = tf
        .engine()
        .runKernel('UdmDense', { x: h, w: layer.weight, b: layer.bias }, { activation }) as tf.Tensor[];
      return y as tf.Tensor2D;
    });
  return apply(tf.fused.matMul({ a: h, b: layer.weight as tf.Tensor2D, bias: layer.bias }) as tf.Tensor2D);
}
