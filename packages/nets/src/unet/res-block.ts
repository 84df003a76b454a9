import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@udm/core';
import { conv2d, createConv2d, type Conv2dWeights } from '../layers/conv2d.js';
import { createDense, dense, type DenseWeights } from '../layers/dense.js';
import { createGroupNorm, groupNormSilu, type GroupNormWeights } from '../layers/group-norm.js';
import { silu } from '../layers/silu.js';

/** The weights of one residual block (DDPM's ResnetBlock without dropout). */
export interface ResBlockWeights {
  readonly norm1: GroupNormWeights;
  readonly conv1: Conv2dWeights;
  readonly embedding: DenseWeights;
  readonly norm2: GroupNormWeights;
  readonly conv2: Conv2dWeights;
  /** A 1×1 convolution on the skip path when the channel count changes. */
  readonly skip?: Conv2dWeights;
}

export function createResBlock(
  inChannels: number,
  outChannels: number,
  embeddingSize: number,
  groups: number,
  rng: Rng,
): ResBlockWeights {
  return {
    norm1: createGroupNorm(inChannels, groups),
    conv1: createConv2d(3, inChannels, outChannels, rng),
    embedding: createDense(embeddingSize, outChannels, rng),
    norm2: createGroupNorm(outChannels, groups),
    // Zero-initialised: every block starts as the identity (plus its skip projection).
    conv2: createConv2d(3, outChannels, outChannels, rng, 0),
    ...(inChannels !== outChannels ? { skip: createConv2d(1, inChannels, outChannels, rng) } : {}),
  };
}

/**
 * h = conv1(SiLU(GN(x))) + Dense(SiLU(emb)) (broadcast over positions); out = skip(x) + conv2(SiLU(GN(h))).
 * `emb` is the [B, E] time (and class) embedding.
 */
export function resBlock(x: tf.Tensor4D, emb: tf.Tensor2D, block: ResBlockWeights): tf.Tensor4D {
  return tf.tidy(() => {
    let h = conv2d(groupNormSilu(x, block.norm1), block.conv1);
    const e = dense(silu(emb), block.embedding);
    h = tf.add(h, tf.reshape(e, [e.shape[0], 1, 1, e.shape[1]]));
    h = conv2d(groupNormSilu(h, block.norm2), block.conv2);
    return tf.add(block.skip ? conv2d(x, block.skip) : x, h);
  });
}

/** The block's variables under `prefix`, in a stable order. */
export function resBlockVariables(prefix: string, block: ResBlockWeights): Array<[string, tf.Variable]> {
  const out: Array<[string, tf.Variable]> = [
    [`${prefix}.norm1.gamma`, block.norm1.gamma],
    [`${prefix}.norm1.beta`, block.norm1.beta],
    [`${prefix}.conv1.weight`, block.conv1.weight],
    [`${prefix}.conv1.bias`, block.conv1.bias],
    [`${prefix}.embedding.weight`, block.embedding.weight],
    [`${prefix}.embedding.bias`, block.embedding.bias],
    [`${prefix}.norm2.gamma`, block.norm2.gamma],
    [`${prefix}.norm2.beta`, block.norm2.beta],
    [`${prefix}.conv2.weight`, block.conv2.weight],
    [`${prefix}.conv2.bias`, block.conv2.bias],
  ];
  if (block.skip)
    out.push([`${prefix}.skip.weight`, block.skip.weight], [`${prefix}.skip.bias`, block.skip.bias]);
  return out;
}
