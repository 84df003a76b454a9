import * as tf from '@tensorflow/tfjs';
import type { Conditioning, Network, Rng } from '@udm/core';
import { createDense, dense, type DenseWeights } from '../layers/dense.js';
import { sinusoidalEmbedding } from '../layers/sinusoidal-embedding.js';

export interface MlpOptions {
  /** Shape of one example; the MLP flattens it. */
  readonly itemShape: readonly number[];
  /** Widths of the hidden layers. */
  readonly hidden: readonly number[];
  /** Size of the sinusoidal time embedding (even). */
  readonly timeEmbedding: number;
}

/**
 * NN_θ(x_t, t) as a multilayer perceptron: [flatten(x_t), emb(t)] → (Dense → SiLU)ⁿ → Dense, reshaped to the
 * input's shape. Weights are named `layers.{i}.weight` / `layers.{i}.bias`.
 */
export class Mlp implements Network {
  readonly variables: ReadonlyMap<string, tf.Variable>;
  private readonly layers: DenseWeights[];
  private readonly inputSize: number;

  constructor(
    private readonly options: MlpOptions,
    rng: Rng,
  ) {
    if (
      !Number.isInteger(options.timeEmbedding) ||
      options.timeEmbedding < 2 ||
      options.timeEmbedding % 2 !== 0
    ) {
      throw new RangeError(`timeEmbedding: expected an even integer ≥ 2, got ${options.timeEmbedding}`);
    }
    this.inputSize = options.itemShape.reduce((a, b) => a * b, 1);
    const widths = [this.inputSize + options.timeEmbedding, ...options.hidden, this.inputSize];
    this.layers = widths.slice(1).map((w, i) => createDense(widths[i]!, w, rng));
    const vars = new Map<string, tf.Variable>();
    this.layers.forEach((l, i) => {
      vars.set(`layers.${i}.weight`, l.weight);
      vars.set(`layers.${i}.bias`, l.bias);
    });
    this.variables = vars;
  }

  apply(x: tf.Tensor, t: tf.Tensor1D, _cond?: Conditioning): tf.Tensor {
    return tf.tidy(() => {
      const batch = x.shape[0]!;
      let h: tf.Tensor2D = tf.concat(
        [tf.reshape(x, [batch, this.inputSize]), sinusoidalEmbedding(t, this.options.timeEmbedding)],
        1,
      );
      this.layers.forEach((layer, i) => {
        h = dense(h, layer);
        if (i < this.layers.length - 1) h = tf.mul(h, tf.sigmoid(h));
      });
      return tf.reshape(h, x.shape);
    });
  }
}
