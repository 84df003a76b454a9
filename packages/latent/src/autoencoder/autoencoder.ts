import * as tf from '@tensorflow/tfjs';
import type { NamedVariables, Rng } from '@udm/core';
import {
  createConv2d,
  conv2d,
  createDense,
  dense,
  createGroupNorm,
  groupNorm,
  silu,
  upsampleNearest2x,
  type Conv2dWeights,
  type DenseWeights,
  type GroupNormWeights,
} from '@udm/nets';

export interface AutoencoderOptions {
  /** Shape of one image [height, width, channels], e.g. [28, 28, 1]. */
  readonly itemShape: readonly number[];
  /** Channels after the stem and after each of the two stride-2 downsamplings, e.g. [16, 32, 32]. */
  readonly channels: readonly [number, number, number];
  /** Size d of the flat latent z = E(x), or, with `spatialLatent`, the latent's channels. */
  readonly latent: number;
  /** Groups of the group normalisations (must divide every entry of `channels`). */
  readonly groups: number;
  /**
   * A variational encoder (default false): the encoder's last dense layer outputs the mean μ(x) and the log-variance
   * log σ²(x) of q(z | x) = N(μ, diag σ²) (2d outputs); `encode` returns μ, `encodeDistribution` both.
   */
  readonly variational?: boolean;
  /**
   * A spatial latent (default false): z is the encoder's ⌈H/4⌉×⌈W/4⌉ feature map brought to `latent` channels by a
   * 3×3 convolution (no flatten, no dense layer), and the decoder starts with a 3×3 convolution back to c₂ channels.
   */
  readonly spatialLatent?: boolean;
}

/** The encoder's Gaussian q(z | x) = N(mean, diag exp(logVariance)), both [B, ...latentShape]. */
export interface LatentDistribution {
  readonly mean: tf.Tensor;
  readonly logVariance: tf.Tensor;
}

interface ConvNorm {
  readonly conv: Conv2dWeights;
  readonly norm: GroupNormWeights;
}

/**
 * A small convolutional autoencoder: the encoder E maps an image x [H, W, C] to a flat latent z ∈ ℝ^d, the decoder
 * D maps z back to an image, trained so that D(E(x)) ≈ x. Encoder: conv3×3 → (GroupNorm → SiLU → conv3×3 stride 2)
 * ×2 → GroupNorm → SiLU → flatten → dense d. Decoder: dense → reshape [⌈H/4⌉, ⌈W/4⌉, c₂] → (GroupNorm → SiLU →
 * upsample ×2 → conv3×3)×2 → GroupNorm → SiLU → conv3×3 to C channels. Weights are named `encoder.*` / `decoder.*`.
 */
export class Autoencoder {
  readonly variables: NamedVariables;
  /** Number of latent coordinates, the product of `latentShape`. */
  readonly latentSize: number;
  /** Shape of one latent: [d], or [⌈H/4⌉, ⌈W/4⌉, latent] with `spatialLatent`. */
  readonly latentShape: readonly number[];
  /** True when the encoder outputs q(z | x)'s mean and log-variance (`AutoencoderOptions.variational`). */
  readonly variational: boolean;
  private readonly height: number;
  private readonly width: number;
  private readonly imageChannels: number;
  private readonly down: readonly [number, number, number, number]; // H/2, W/2, H/4, W/4 (rounded up)
  private readonly encStem: Conv2dWeights;
  private readonly encDown: readonly ConvNorm[];
  private readonly encNorm: GroupNormWeights;
  private readonly encOut: DenseWeights | Conv2dWeights;
  private readonly decIn: DenseWeights | Conv2dWeights;
  private readonly spatial: boolean;
  private readonly decUp: readonly ConvNorm[];
  private readonly decNorm: GroupNormWeights;
  private readonly decOut: Conv2dWeights;

  constructor(
    readonly options: AutoencoderOptions,
    rng: Rng,
  ) {
    const [h, w, c] = options.itemShape;
    if (options.itemShape.length !== 3 || ![h, w, c].every((v) => Number.isInteger(v) && v! >= 1))
      throw new RangeError(
        `itemShape: expected [height, width, channels] of positive integers, got [${options.itemShape.join(', ')}]`,
      );
    if (options.channels.length !== 3 || !options.channels.every((v) => Number.isInteger(v) && v >= 1))
      throw new RangeError(
        `channels: expected three positive integers, got [${options.channels.join(', ')}]`,
      );
    if (!(Number.isInteger(options.latent) && options.latent >= 1))
      throw new RangeError(`latent: expected a positive integer, got ${options.latent}`);
    if (!options.channels.every((v) => v % options.groups === 0))
      throw new RangeError(
        `groups: expected a divisor of every channel count [${options.channels.join(', ')}], got ${options.groups}`,
      );
    this.height = h!;
    this.width = w!;
    this.imageChannels = c!;
    const h2 = Math.ceil(h! / 2);
    const w2 = Math.ceil(w! / 2);
    this.down = [h2, w2, Math.ceil(h2 / 2), Math.ceil(w2 / 2)];
    this.variational = options.variational ?? false;
    this.spatial = options.spatialLatent ?? false;
    const [c0, c1, c2] = options.channels;
    this.latentShape = this.spatial ? [this.down[2], this.down[3], options.latent] : [options.latent];
    this.latentSize = this.latentShape.reduce((a, b) => a * b, 1);
    const outputs = this.variational ? 2 * options.latent : options.latent;
    const g = options.groups;
    const flat = this.down[2] * this.down[3] * c2;
    this.encStem = createConv2d(3, c!, c0, rng);
    this.encDown = [
      { norm: createGroupNorm(c0, g), conv: createConv2d(3, c0, c1, rng) },
      { norm: createGroupNorm(c1, g), conv: createConv2d(3, c1, c2, rng) },
    ];
    this.encNorm = createGroupNorm(c2, g);
    this.encOut = this.spatial ? createConv2d(3, c2!, outputs, rng) : createDense(flat, outputs, rng);
    this.decIn = this.spatial
      ? createConv2d(3, options.latent, c2!, rng)
      : createDense(options.latent, flat, rng);
    this.decUp = [
      { norm: createGroupNorm(c2, g), conv: createConv2d(3, c2, c1, rng) },
      { norm: createGroupNorm(c1, g), conv: createConv2d(3, c1, c0, rng) },
    ];
    this.decNorm = createGroupNorm(c0, g);
    this.decOut = createConv2d(3, c0, c!, rng);

    const vars = new Map<string, tf.Variable>();
    const conv = (name: string, l: Conv2dWeights) => {
      vars.set(`${name}.weight`, l.weight);
      vars.set(`${name}.bias`, l.bias);
    };
    const norm = (name: string, l: GroupNormWeights) => {
      vars.set(`${name}.gamma`, l.gamma);
      vars.set(`${name}.beta`, l.beta);
    };
    conv('encoder.stem', this.encStem);
    this.encDown.forEach((b, i) => {
      norm(`encoder.down.${i}.norm`, b.norm);
      conv(`encoder.down.${i}.conv`, b.conv);
    });
    norm('encoder.norm', this.encNorm);
    conv('encoder.out', this.encOut);
    conv('decoder.in', this.decIn);
    this.decUp.forEach((b, i) => {
      norm(`decoder.up.${i}.norm`, b.norm);
      conv(`decoder.up.${i}.conv`, b.conv);
    });
    norm('decoder.norm', this.decNorm);
    conv('decoder.out', this.decOut);
    this.variables = vars;
  }

  /** z = E(x): images [B, H, W, C] → latents [B, ...latentShape] (the mean μ(x) of a variational encoder). */
  encode(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const out = this.encoderOutput(x, 'encode: x');
      return this.variational ? tf.split(out, 2, out.rank - 1)[0]! : out;
    });
  }

  /** q(z | x) of a variational encoder: mean and log-variance [B, d]; throws for a plain one. */
  encodeDistribution(x: tf.Tensor): LatentDistribution {
    if (!this.variational)
      throw new Error('encodeDistribution: this autoencoder is not variational (options.variational)');
    return tf.tidy(() => {
      const out = this.encoderOutput(x, 'encodeDistribution: x');
      const [mean, logVariance] = tf.split(out, 2, out.rank - 1) as [tf.Tensor, tf.Tensor];
      return { mean, logVariance };
    });
  }

  private encoderOutput(x: tf.Tensor, what: string): tf.Tensor {
    this.checkShape(x.shape, [this.height, this.width, this.imageChannels], what);
    return tf.tidy(() => {
      let h = conv2d(x as tf.Tensor4D, this.encStem);
      for (const b of this.encDown) h = conv2d(silu(groupNorm(h, b.norm)), b.conv, 2);
      h = silu(groupNorm(h, this.encNorm));
      return this.spatial ? conv2d(h, this.encOut) : dense(tf.reshape(h, [x.shape[0]!, -1]), this.encOut);
    });
  }

  /** x̂ = D(z): latents [B, ...latentShape] → images [B, H, W, C]. */
  decode(z: tf.Tensor): tf.Tensor4D {
    this.checkShape(z.shape, this.latentShape, 'decode: z');
    return tf.tidy(() => {
      const [h2, w2, h4, w4] = this.down;
      let h = this.spatial
        ? conv2d(z as tf.Tensor4D, this.decIn)
        : (tf.reshape(dense(z as tf.Tensor2D, this.decIn), [
            z.shape[0]!,
            h4,
            w4,
            this.options.channels[2],
          ]) as tf.Tensor4D);
      const sizes: [number, number][] = [
        [h2, w2],
        [this.height, this.width],
      ];
      this.decUp.forEach((b, i) => {
        const [hh, ww] = sizes[i]!;
        h = conv2d(upsampleNearest2x(silu(groupNorm(h, b.norm)), hh, ww), b.conv);
      });
      return conv2d(silu(groupNorm(h, this.decNorm)), this.decOut);
    });
  }

  /** D(E(x)). */
  reconstruct(x: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => this.decode(this.encode(x)));
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
  }

  private checkShape(shape: readonly number[], item: readonly number[], what: string): void {
    if (shape.length !== item.length + 1 || !item.every((d, i) => shape[i + 1] === d))
      throw new RangeError(`${what}: expected shape [B, ${item.join(', ')}], got [${shape.join(', ')}]`);
  }
}
