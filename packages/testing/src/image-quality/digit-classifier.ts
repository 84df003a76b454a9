import * as tf from '@tensorflow/tfjs';
import { randomBatch, type Dataset, type Rng } from '@udm/core';
import { createDense, dense, type DenseWeights } from '@udm/nets';

export interface ClassifierTraining {
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Draws the initial weights and the minibatches. */
  readonly rng: Rng;
}

/** Width of the classifier's feature layer (the space the Fréchet distance is measured in). */
export const DIGIT_FEATURES = 64;

/**
 * A small MLP image classifier (pixels → 256 → 64 → classes, SiLU), the yardstick for generated digits: its
 * confidence on samples, the spread of its predicted classes, and a Fréchet distance on its 64-d features. Images
 * are given in the data's own scale (the model is trained on a labelled training set as it is).
 */
export class DigitClassifier {
  private readonly layers: DenseWeights[];

  private constructor(
    readonly pixels: number,
    readonly classes: number,
    rng: Rng,
  ) {
    this.layers = [
      createDense(pixels, 256, rng),
      createDense(256, DIGIT_FEATURES, rng),
      createDense(DIGIT_FEATURES, classes, rng),
    ];
  }

  /** Trains on a labelled data set (`data.classes` classes) with Adam and the softmax cross-entropy. */
  static train(data: Dataset, options: ClassifierTraining): DigitClassifier {
    if (data.classes === undefined) throw new Error('classifier: the data set has no class labels (classes)');
    for (const key of ['steps', 'batchSize'] as const) {
      const v = options[key];
      if (!(Number.isInteger(v) && v >= 1))
        throw new RangeError(`${key}: expected a positive integer, got ${v}`);
    }
    const pixels = data.itemShape.reduce((a, b) => a * b, 1);
    const classes = data.classes;
    const model = new DigitClassifier(pixels, classes, options.rng);
    const optimizer = tf.train.adam(options.learningRate);
    const vars = model.layers.flatMap((l) => [l.weight, l.bias]);
    for (let s = 0; s < options.steps; s++) {
      const batch = randomBatch(data, options.batchSize, options.rng);
      if (!batch.labels) {
        batch.x0.dispose();
        throw new Error('classifier: the data set has no labels');
      }
      const labels = batch.labels;
      const cost = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), model.logits(batch.x0)) as tf.Scalar,
        true,
        vars,
      );
      tf.dispose([cost!, batch.x0, labels]);
    }
    optimizer.dispose();
    return model;
  }

  private hidden(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      let h = tf.reshape(x, [-1, this.pixels]) as tf.Tensor2D;
      for (const l of this.layers.slice(0, 2)) {
        h = dense(h, l);
        h = tf.mul(h, tf.sigmoid(h));
      }
      return h;
    });
  }

  private logits(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => dense(this.hidden(x), this.layers[2]!));
  }

  /** Class probabilities [n, classes] and features [n, DIGIT_FEATURES] of row-major images. */
  evaluate(images: Float32Array): { probabilities: Float32Array; features: Float32Array } {
    if (images.length === 0 || images.length % this.pixels !== 0)
      throw new RangeError(
        `images: expected a whole number of ${this.pixels}-pixel images, got ${images.length} values`,
      );
    return tf.tidy(() => {
      const x = tf.tensor2d(images, [images.length / this.pixels, this.pixels]);
      const h = this.hidden(x);
      const p = tf.softmax(dense(h, this.layers[2]!));
      return { probabilities: p.dataSync() as Float32Array, features: h.dataSync() as Float32Array };
    });
  }

  dispose(): void {
    for (const l of this.layers) tf.dispose([l.weight, l.bias]);
  }
}
