import * as tf from '@tensorflow/tfjs';
import type { Conditioning, Network, Rng } from '@udm/core';
import { conv2d, createConv2d, type Conv2dWeights } from '../layers/conv2d.js';
import { createDense, dense, type DenseWeights } from '../layers/dense.js';
import { createGroupNorm, groupNormSilu, type GroupNormWeights } from '../layers/group-norm.js';
import { silu } from '../layers/silu.js';
import { sinusoidalEmbedding } from '../layers/sinusoidal-embedding.js';
import { upsampleNearest2x } from '../layers/upsample.js';
import { createResBlock, resBlock, resBlockVariables, type ResBlockWeights } from './res-block.js';

export interface UNetOptions {
  /** Shape of one image, [height, width, channels] (NHWC without the batch). */
  readonly itemShape: readonly number[];
  /** Channels at each resolution level, from the input resolution down; each level after the first halves the size. */
  readonly channels: readonly number[];
  /** Residual blocks per level (on the way down, and again on the way up). */
  readonly resBlocks: number;
  /** Size of the sinusoidal time embedding (even); the embedding MLP then widens it to 4·channels[0]. */
  readonly timeEmbedding: number;
  /** GroupNorm groups; must divide every channel count. */
  readonly groups: number;
  /**
   * Number of classes for a class-conditional network: a learned embedding of the label is added to the time
   * embedding. Row `classes` is the "no label" token (the null class of classifier-free guidance), used when
   * `cond.labels` is absent and for negative labels (−1), as in the MLP.
   */
  readonly classes?: number;
  /** Channels of the output (default: the input's), e.g. 2× for a learned variance. */
  readonly outChannels?: number;
}

interface Level {
  readonly down: ResBlockWeights[];
  readonly downsample?: Conv2dWeights;
  readonly up: ResBlockWeights[];
  readonly upsample?: Conv2dWeights;
}

function checkOptions(o: UNetOptions): void {
  if (o.itemShape.length !== 3 || !o.itemShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`itemShape: expected [height, width, channels], got [${o.itemShape.join(', ')}]`);
  }
  if (o.channels.length < 1 || !o.channels.every((c) => Number.isInteger(c) && c >= 1)) {
    throw new RangeError(`channels: expected at least one positive integer, got [${o.channels.join(', ')}]`);
  }
  for (const c of o.channels) {
    if (c % o.groups !== 0) throw new RangeError(`groups: ${o.groups} groups do not divide ${c} channels`);
  }
  if (!Number.isInteger(o.resBlocks) || o.resBlocks < 1) {
    throw new RangeError(`resBlocks: expected a positive integer, got ${o.resBlocks}`);
  }
  if (!Number.isInteger(o.timeEmbedding) || o.timeEmbedding < 2 || o.timeEmbedding % 2 !== 0) {
    throw new RangeError(`timeEmbedding: expected an even integer ≥ 2, got ${o.timeEmbedding}`);
  }
  if (o.classes !== undefined && !(Number.isInteger(o.classes) && o.classes >= 1)) {
    throw new RangeError(`classes: expected a positive integer, got ${o.classes}`);
  }
}

/**
 * NN_θ(x_t, t[, y]) for images: a small DDPM-style U-Net. conv_in → per level `resBlocks` residual blocks (GroupNorm,
 * SiLU, 3×3 convolutions, the time embedding added in between) and a stride-2 convolution to the next level's
 * channels → a middle block → the mirror path, where each block first adds the matching skip activation, then
 * nearest-neighbour upsampling and a convolution back to the finer level's channels → GroupNorm, SiLU, conv_out.
 * Skips are added rather than concatenated: the same depth at a fraction of the memory traffic (on the wasm
 * backend, concatenation and its gradient cost as much as a convolution).
 * The output has the input's shape; what it means (x̂0, ε̂, …) is decided by the posterior that wraps it.
 * The last convolution of every residual branch and the output convolution start at zero.
 */
export class UNet implements Network {
  readonly variables: ReadonlyMap<string, tf.Variable>;
  readonly embeddingSize: number;
  private readonly time: [DenseWeights, DenseWeights];
  private readonly classTable?: tf.Variable;

  /** The classes of the label embedding; 0 for an unconditional U-Net. */
  get labelClasses(): number {
    return this.options.classes ?? 0;
  }
  private readonly convIn: Conv2dWeights;
  private readonly levels: Level[];
  private readonly mid: ResBlockWeights;
  private readonly normOut: GroupNormWeights;
  private readonly convOut: Conv2dWeights;

  constructor(
    readonly options: UNetOptions,
    rng: Rng,
  ) {
    checkOptions(options);
    const { channels, groups, resBlocks } = options;
    const inChannels = options.itemShape[2]!;
    const emb = 4 * channels[0]!;
    this.embeddingSize = emb;
    this.time = [createDense(options.timeEmbedding, emb, rng), createDense(emb, emb, rng)];
    if (options.classes !== undefined) {
      const n = (options.classes + 1) * emb;
      const u = rng.normals(n);
      this.classTable = tf.tidy(() =>
        tf.variable(tf.tensor2d(Float32Array.from(u), [options.classes! + 1, emb]), true),
      );
    }
    this.convIn = createConv2d(3, inChannels, channels[0]!, rng);
    const levels: Level[] = channels.map((c, i) => {
      const next = channels[i + 1];
      const prev = channels[i - 1];
      const blocks = (): ResBlockWeights[] =>
        Array.from({ length: resBlocks }, () => createResBlock(c, c, emb, groups, rng));
      return {
        down: blocks(),
        ...(next !== undefined ? { downsample: createConv2d(3, c, next, rng) } : {}),
        up: blocks(),
        ...(prev !== undefined ? { upsample: createConv2d(3, c, prev, rng) } : {}),
      };
    });
    this.levels = levels;
    const last = channels[channels.length - 1]!;
    this.mid = createResBlock(last, last, emb, groups, rng);
    this.normOut = createGroupNorm(channels[0]!, groups);
    this.convOut = createConv2d(3, channels[0]!, options.outChannels ?? inChannels, rng, 0);
    this.variables = new Map(this.namedVariables());
  }

  private namedVariables(): Array<[string, tf.Variable]> {
    const v: Array<[string, tf.Variable]> = [];
    this.time.forEach((d, i) => v.push([`time.${i}.weight`, d.weight], [`time.${i}.bias`, d.bias]));
    if (this.classTable) v.push(['class.embedding', this.classTable]);
    v.push(['conv_in.weight', this.convIn.weight], ['conv_in.bias', this.convIn.bias]);
    this.levels.forEach((l, i) => {
      l.down.forEach((b, r) => v.push(...resBlockVariables(`down.${i}.${r}`, b)));
      if (l.downsample)
        v.push(
          [`down.${i}.sample.weight`, l.downsample.weight],
          [`down.${i}.sample.bias`, l.downsample.bias],
        );
    });
    v.push(...resBlockVariables('mid', this.mid));
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const l = this.levels[i]!;
      l.up.forEach((b, r) => v.push(...resBlockVariables(`up.${i}.${r}`, b)));
      if (l.upsample)
        v.push([`up.${i}.sample.weight`, l.upsample.weight], [`up.${i}.sample.bias`, l.upsample.bias]);
    }
    v.push(
      ['norm_out.gamma', this.normOut.gamma],
      ['norm_out.beta', this.normOut.beta],
      ['conv_out.weight', this.convOut.weight],
      ['conv_out.bias', this.convOut.bias],
    );
    return v;
  }

  /** The [B, E] embedding of the network times (and labels, for a class-conditional network). */
  private embed(t: tf.Tensor1D, batch: number, cond?: Conditioning): tf.Tensor2D {
    const [d0, d1] = this.time;
    let e = dense(dense(sinusoidalEmbedding(t, this.options.timeEmbedding), d0, 'silu'), d1);
    if (this.classTable) {
      const classes = this.options.classes!;
      const given = cond?.labels ? tf.cast(cond.labels, 'int32') : undefined;
      const index = given
        ? tf.where(tf.less(given, 0), tf.fill([batch], classes, 'int32'), given)
        : tf.fill([batch], classes, 'int32');
      e = tf.add(e, tf.matMul(tf.oneHot(index, classes + 1), this.classTable as tf.Tensor2D));
    }
    return e;
  }

  apply(x: tf.Tensor, t: tf.Tensor1D, cond?: Conditioning): tf.Tensor {
    const [h0, w0, c0] = this.options.itemShape;
    if (x.rank !== 4 || x.shape[1] !== h0 || x.shape[2] !== w0 || x.shape[3] !== c0) {
      throw new RangeError(`unet: expected input [B, ${h0}, ${w0}, ${c0}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const batch = x.shape[0]!;
      const emb = this.embed(t, batch, cond);
      let h = conv2d(x as tf.Tensor4D, this.convIn);
      const skips: tf.Tensor4D[] = [];
      for (const level of this.levels) {
        for (const block of level.down) {
          h = resBlock(h, emb, block);
          skips.push(h);
        }
        if (level.downsample) h = conv2d(h, level.downsample, 2);
      }
      h = resBlock(h, emb, this.mid);
      for (let i = this.levels.length - 1; i >= 0; i--) {
        const level = this.levels[i]!;
        for (const block of level.up) h = resBlock(tf.add(h, skips.pop()!), emb, block);
        if (level.upsample) {
          const target = skips.at(-1)!;
          h = conv2d(upsampleNearest2x(h, target.shape[1], target.shape[2]), level.upsample);
        }
      }
      return conv2d(groupNormSilu(h, this.normOut), this.convOut);
    });
  }
}
