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

/**
 * A small MLP digit classifier (784 → 256 → 64 → 10, SiLU), the yardstick for generated digits: its confidence on
 * samples, the spread of its predicted classes, and a Fréchet distance on its 64-d features. Images are given in the
 * data's own scale (the model is trained on the training split as it is).
 */
export class DigitClassifier {
  private readonly layers: DenseWeights[];

  private constructor(
    readonly pixels: number,
    rng: Rng,
  ) {
    this.layers = [createDense(pixels, 256, rng), createDense(256, 64, rng), createDense(64, 10, rng)];
  }

  static train(data: Dataset, options: ClassifierTraining): DigitClassifier {
    const pixels = data.itemShape.reduce((a, b) => a * b, 1);
    const model = new DigitClassifier(pixels, options.rng);
    const optimizer = tf.train.adam(options.learningRate);
    const vars = model.layers.flatMap((l) => [l.weight, l.bias]);
    for (let s = 0; s < options.steps; s++) {
      const batch = randomBatch(data, options.batchSize, options.rng);
      if (!batch.labels) throw new Error('classifier: the data set has no labels');
      const labels = batch.labels;
      const cost = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), model.logits(batch.x0)) as tf.Scalar,
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

  /** Class probabilities [n, 10] and 64-d features [n, 64] of row-major images. */
  evaluate(images: Float32Array): { probabilities: Float32Array; features: Float32Array } {
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

/** Summary of a classifier's view of a set of images. */
export interface ClassifierView {
  /** Mean of the largest class probability. */
  readonly confidence: number;
  /** Entropy (bits) of the histogram of predicted classes; log2(10) ≈ 3.32 when every digit is equally frequent. */
  readonly classEntropy: number;
  /** How many images were predicted as each digit. */
  readonly histogram: number[];
}

export function classifierView(probabilities: Float32Array): ClassifierView {
  const n = probabilities.length / 10;
  const histogram = new Array<number>(10).fill(0);
  let confidence = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < 10; k++) if (probabilities[i * 10 + k]! > probabilities[i * 10 + best]!) best = k;
    histogram[best]!++;
    confidence += probabilities[i * 10 + best]! / n;
  }
  const classEntropy = -histogram.reduce((a, c) => (c === 0 ? a : a + (c / n) * Math.log2(c / n)), 0);
  return { confidence, classEntropy, histogram };
}

/** Fraction of images whose most probable class is the label. */
export function accuracy(probabilities: Float32Array, labels: Int32Array): number {
  let right = 0;
  labels.forEach((y, i) => {
    let best = 0;
    for (let k = 1; k < 10; k++) if (probabilities[i * 10 + k]! > probabilities[i * 10 + best]!) best = k;
    if (best === y) right++;
  });
  return right / labels.length;
}
