import * as tf from '@tensorflow/tfjs';
import { hasFusedKernel } from './fused-kernel.js';
import { silu } from './silu.js';

/** Group normalisation's affine parameters γ [C] (ones) and β [C] (zeros). */
export interface GroupNormWeights {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly groups: number;
}

export function createGroupNorm(channels: number, groups: number): GroupNormWeights {
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new RangeError(`groupNorm: ${groups} groups do not divide ${channels} channels`);
  }
  return {
    gamma: tf.tidy(() => tf.variable(tf.ones([channels]), true)),
    beta: tf.tidy(() => tf.variable(tf.zeros([channels]), true)),
    groups,
  };
}

/**
 * GroupNorm (Wu & He, 2018) for NHWC input: each sample's channels are split into `groups` groups, each group is
 * normalised to zero mean and unit variance over its spatial positions and channels, then scaled by γ and shifted
 * by β per channel. The statistics come from two reductions (Σx, Σx²) and the normalisation is folded into one
 * per-(sample, channel) scale and shift, so the full-size work is x·a + b (the cheapest form on the wasm backend).
 * Where the backend registers the fused kernel `UdmGroupNorm` (@udm/backend-native), forward and gradient are one
 * kernel each instead.
 */
export function groupNorm(x: tf.Tensor4D, layer: GroupNormWeights, epsilon = 1e-5): tf.Tensor4D {
  return fusedGroupNorm(x, layer, epsilon, false) ?? composedGroupNorm(x, layer, epsilon);
}

/** silu(groupNorm(x)), the U-Net's normalise-then-activate: one fused kernel where `UdmGroupNorm` is registered. */
export function groupNormSilu(x: tf.Tensor4D, layer: GroupNormWeights, epsilon = 1e-5): tf.Tensor4D {
  return fusedGroupNorm(x, layer, epsilon, true) ?? silu(composedGroupNorm(x, layer, epsilon));
}

function fusedGroupNorm(
  x: tf.Tensor4D,
  layer: GroupNormWeights,
  epsilon: number,
  withSilu: boolean,
): tf.Tensor4D | undefined {
  if (!hasFusedKernel('UdmGroupNorm', x, layer.gamma, layer.beta)) return undefined;
  if (x.shape[3] !== layer.gamma.shape[0])
    throw new RangeError(`groupNorm: input has ${x.shape[3]} channels, γ has ${layer.gamma.shape[0]}`);
  return tf.tidy(() => {
    const [y] = tf
      .engine()
      .runKernel(
        'UdmGroupNorm',
        { x, gamma: layer.gamma, beta: layer.beta },
        { groups: layer.groups, epsilon, silu: withSilu },
      ) as tf.Tensor[];
    return y as tf.Tensor4D;
  });
}

function composedGroupNorm(x: tf.Tensor4D, layer: GroupNormWeights, epsilon: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const g = layer.groups;
    const n = (h * w * c) / g;
    const grouped = tf.reshape(x, [b, h * w, g, c / g]);
    const mean = tf.div(tf.sum(grouped, [1, 3]), n); // [b, g]
    const meanSq = tf.div(tf.sum(tf.square(grouped), [1, 3]), n);
    const variance = tf.relu(tf.sub(meanSq, tf.square(mean)));
    const inv = tf.rsqrt(tf.add(variance, epsilon));
    const scale = tf.mul(tf.reshape(inv, [b, g, 1]), tf.reshape(layer.gamma, [1, g, c / g])); // [b, g, c/g]
    const shift = tf.sub(tf.reshape(layer.beta, [1, g, c / g]), tf.mul(tf.reshape(mean, [b, g, 1]), scale));
    return tf.add(tf.mul(x, tf.reshape(scale, [b, 1, 1, c])), tf.reshape(shift, [b, 1, 1, c])) as tf.Tensor4D;
  });
}
