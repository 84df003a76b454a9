import { deriveSeed, SeededRng, type DataSplit } from '@udm/core';
import { imageQuality, trainYardstick, type DigitClassifier, type ImageQuality } from '@udm/testing';

/** The example's scoring: the shared digit classifier trained on the training digits, held-out digits as reference. */
export interface DigitYardstick {
  readonly classifier: DigitClassifier;
  /** The classifier's features of every held-out digit (the Fréchet reference). */
  readonly referenceFeatures: Float32Array;
  readonly heldOutLabels: Int32Array;
  /** The classifier's accuracy on the held-out digits. */
  readonly accuracy: number;
  /** Scores images in the data range (clipped to [low, high] first), optionally with their labels. */
  score(images: Float32Array, labels?: Int32Array): ImageQuality;
  dispose(): void;
}

/**
 * The shared yardstick (`trainYardstick`: Adam 1e-3, batch 128, `steps` steps, seeded from `seed` as every example
 * does) with a score that clips images to the data range first.
 */
export function digitYardstick(
  pixels: DataSplit,
  range: readonly [number, number],
  seed: number,
  steps = 1500,
): DigitYardstick {
  const yardstick = trainYardstick(pixels, {
    steps,
    rng: new SeededRng(deriveSeed(seed, 'example/classifier')),
  });
  const [low, high] = range;
  const score = (images: Float32Array, labels?: Int32Array): ImageQuality =>
    imageQuality(
      yardstick.classifier,
      Float32Array.from(images, (v) => Math.min(high, Math.max(low, v))),
      yardstick.heldOutView.features,
      labels,
    );
  return {
    classifier: yardstick.classifier,
    referenceFeatures: yardstick.heldOutView.features,
    heldOutLabels: yardstick.heldOutLabels,
    accuracy: yardstick.accuracy,
    score,
    dispose: () => yardstick.dispose(),
  };
}
