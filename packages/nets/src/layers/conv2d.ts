import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@udm/core';

/** A 2-D convolution's weights: W [k, k, in, out] and b [out]. */
export interface Conv2dWeights {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
}

/**
 * A k×k convolution with Glorot-uniform weights drawn from the injected RNG (fan-in k²·in, fan-out k²·out) and
 * zero bias. `scale` multiplies the initial weights (0 gives a zero-initialised layer, as DDPM does for the last
 * convolution of each residual branch and for the output layer).
 */
export function createConv2d(
  kernel: number,
  inChannels: number,
  outChannels: number,
  rng: Rng,
  scale = 1,
): Conv2dWeights {
  if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 !== 1) {
    throw new RangeError(`conv2d: expected an odd kernel size, got ${kernel}`);
  }
  const n = kernel * kernel * inChannels * outChannels;
  const limit = scale * Math.sqrt(6 / (kernel * kernel * (inChannels + outChannels)));
  const u = rng.uniforms(n);
  const w = Float32Array.from(u, (v) => (2 * v - 1) * limit);
  return {
    weight: tf.tidy(() => tf.variable(tf.tensor4d(w, [kernel, kernel, inChannels, outChannels]), true)),
    bias: tf.tidy(() => tf.variable(tf.zeros([outChannels]), true)),
  };
}

/** conv(x, W) + b with 'same' padding; `stride` 2 halves the spatial size (rounding up). */
export function conv2d(x: tf.Tensor4D, layer: Conv2dWeights, stride: 1 | 2 = 1): tf.Tensor4D {
  return tf.fused.conv2d({
    x,
    filter: layer.weight as tf.Tensor4D,
    bias: layer.bias,
    strides: stride,
    pad: 'same',
  });
}
