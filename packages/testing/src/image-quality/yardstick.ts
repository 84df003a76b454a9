import * as tf from '@tensorflow/tfjs';
import type { DataSplit, Dataset, Rng } from '@udm/core';
import { accuracy } from './classifier-view.js';
import { DigitClassifier, type ClassifierTraining } from './digit-classifier.js';

/** A yardstick classifier trained on a labelled split, with its view of the held-out images. */
export interface Yardstick {
  readonly classifier: DigitClassifier;
  /** The held-out images (row-major, in the data's scale) and their labels. */
  readonly heldOut: Float32Array;
  readonly heldOutLabels: Int32Array;
  /** The classifier's probabilities and features of the held-out images (the Fréchet reference). */
  readonly heldOutView: { readonly probabilities: Float32Array; readonly features: Float32Array };
  /** The fraction of held-out images classified as their label. */
  readonly accuracy: number;
  /** Frees the classifier's weights. */
  dispose(): void;
}

/** All labels of a labelled data set, in order; an error when it has none. */
function labelsOf(data: Dataset): Int32Array {
  const all = data.gather(Int32Array.from({ length: data.size }, (_, i) => i));
  try {
    if (!all.labels) throw new Error('heldOut: expected a labelled data set (classes), got no labels');
    return Int32Array.from(all.labels.dataSync());
  } finally {
    tf.dispose([all.x0, all.labels]);
  }
}

/**
 * Trains a `DigitClassifier` on `split.train` (default: 1500 Adam steps of 128 images at learning rate 10⁻³) and
 * evaluates it on every held-out image: the reference that generated digits are scored against with
 * `imageQuality(yardstick.classifier, images, yardstick.heldOutView.features)`. The caller disposes it.
 */
export function trainYardstick(
  split: DataSplit,
  training: Partial<ClassifierTraining> & { readonly rng: Rng },
): Yardstick {
  const classifier = DigitClassifier.train(split.train, {
    steps: training.steps ?? 1500,
    batchSize: training.batchSize ?? 128,
    learningRate: training.learningRate ?? 1e-3,
    rng: training.rng,
  });
  try {
    const heldOut = split.heldOut.toArray();
    const heldOutLabels = labelsOf(split.heldOut);
    const heldOutView = classifier.evaluate(heldOut);
    return {
      classifier,
      heldOut,
      heldOutLabels,
      heldOutView,
      accuracy: accuracy(heldOutView.probabilities, heldOutLabels, classifier.classes),
      dispose: () => classifier.dispose(),
    };
  } catch (e) {
    classifier.dispose();
    throw e;
  }
}
