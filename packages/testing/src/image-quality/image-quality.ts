import { frechetDistance } from '@udm/core';
import { accuracy, classifierView, type ClassifierView } from './classifier-view.js';
import { DIGIT_FEATURES, type DigitClassifier } from './digit-classifier.js';

/** A classifier's verdict on a set of generated images. */
export interface ImageQuality extends ClassifierView {
  /** Fréchet distance between the classifier's features of the images and of the reference images (lower is better). */
  readonly frechet: number;
  /** With requested labels (class-conditional sampling): the fraction classified as the label they were drawn for. */
  readonly labelAccuracy?: number;
}

/**
 * Scores `images` (row-major, in the data's scale) with `classifier`: confidence, class entropy, histogram, the
 * Fréchet distance to `referenceFeatures` (the classifier's features of real held-out images), and, when `labels`
 * are given, how often the predicted class is the requested one.
 */
export function imageQuality(
  classifier: DigitClassifier,
  images: Float32Array,
  referenceFeatures: Float32Array,
  labels?: Int32Array,
): ImageQuality {
  const { probabilities, features } = classifier.evaluate(images);
  return {
    ...classifierView(probabilities, classifier.classes),
    frechet: frechetDistance(features, referenceFeatures, DIGIT_FEATURES),
    ...(labels ? { labelAccuracy: accuracy(probabilities, labels, classifier.classes) } : {}),
  };
}
