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
  /**
   * Class-conditional: the number of classes and the size of the learned label embedding concatenated to the
   * input. Labels are 0..classes−1; a negative label (−1) is the null class of classifier-free guidance, and so is a
   * missing `cond.labels`. Absent: the MLP ignores labels (unconditional).
   */
  readonly labels?: { readonly classes: number; readonly embedding: number };
  /** Shape of one output item (default: `itemShape`), e.g. the doubled last axis of a learned variance. */
  readonly outputShape?: readonly number[];
}

/**
 * NN_θ(x_t, t) as a multilayer perceptron: [flatten(x_t), emb(t)] → (Dense → SiLU)ⁿ → Dense, reshaped to the
 * input's shape (or `outputShape`). Weights are named `layers.{i}.weight` / `layers.{i}.bias`. With `labels`, a table `labels.embedding`
 * of classes + 1 rows (the last is the null class) adds [emb(y)] to the input.
 */
export class Mlp implements Network {
  readonly variables: ReadonlyMap<string, tf.Variable>;
  private readonly layers: DenseWeights[];
  private readonly inputSize: number;
  private readonly outputShape: readonly number[];
  private readonly labelTable: tf.Variable | undefined;

  /** The classes of the label embedding; 0 for an unconditional MLP. */
  get labelClasses(): number {
    return this.options.labels?.classes ?? 0;
  }

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
    const labels = options.labels;
    if (
      labels &&
      !(
        Number.isInteger(labels.classes) &&
        labels.classes >= 1 &&
        Number.isInteger(labels.embedding) &&
        labels.embedding >= 1
      )
    ) {
      throw new RangeError(
        `labels: expected positive integers classes and embedding, got ${labels.classes} and ${labels.embedding}`,
      );
    }
    this.inputSize = options.itemShape.reduce((a, b) => a * b, 1);
    const extra = options.timeEmbedding + (labels?.embedding ?? 0);
    this.outputShape = options.outputShape ?? options.itemShape;
    if (!this.outputShape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new RangeError(`outputShape: expected positive integers, got [${this.outputShape.join(', ')}]`);
    }
    const outputSize = this.outputShape.reduce((a, b) => a * b, 1);
    const widths = [this.inputSize + extra, ...options.hidden, outputSize];
    this.layers = widths.slice(1).map((w, i) => createDense(widths[i]!, w, rng));
    const vars = new Map<string, tf.Variable>();
    this.layers.forEach((l, i) => {
      vars.set(`layers.${i}.weight`, l.weight);
      vars.set(`layers.${i}.bias`, l.bias);
    });
    if (labels) {
      const e = Float32Array.from(rng.normals((labels.classes + 1) * labels.embedding));
      this.labelTable = tf.tidy(() =>
        tf.variable(tf.tensor2d(e, [labels.classes + 1, labels.embedding]), true),
      );
      vars.set('labels.embedding', this.labelTable);
    }
    this.variables = vars;
  }

  apply(x: tf.Tensor, t: tf.Tensor1D, cond?: Conditioning): tf.Tensor {
    return tf.tidy(() => {
      const batch = x.shape[0]!;
      const parts: tf.Tensor2D[] = [
        tf.reshape(x, [batch, this.inputSize]),
        sinusoidalEmbedding(t, this.options.timeEmbedding),
      ];
      if (this.labelTable) parts.push(this.embedLabels(batch, cond?.labels));
      let h: tf.Tensor2D = tf.concat(parts, 1);
      this.layers.forEach((layer, i) => {
        h = dense(h, layer, i < this.layers.length - 1 ? 'silu' : 'linear');
      });
      return tf.reshape(h, [batch, ...this.outputShape]);
    });
  }

  /** The label embeddings [B, e]; negative or missing labels take the null row (index `classes`). */
  private embedLabels(batch: number, labels: tf.Tensor1D | undefined): tf.Tensor2D {
    const classes = this.options.labels!.classes;
    const index = labels
      ? tf.where(tf.less(labels, 0), tf.fill([batch], classes, 'int32'), tf.cast(labels, 'int32'))
      : tf.fill([batch], classes, 'int32');
    return tf.gather(this.labelTable!, index) as tf.Tensor2D;
  }
}
