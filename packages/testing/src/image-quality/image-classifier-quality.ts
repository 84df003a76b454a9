import { ContainerModule } from 'inversify';
import { deriveSeed, SAMPLE_QUALITY, SeededRng, type SampleQuality } from '@udm/core';
import { imageQuality } from './image-quality.js';
import { trainYardstick } from './yardstick.js';

/** How the yardstick classifier is trained (defaults: as the MNIST examples, 1,500 Adam steps of 128 at 1e-3). */
export interface ImageClassifierQualityOptions {
  readonly steps?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
}

/**
 * Sample quality of labelled image data (e.g. MNIST): a small classifier (`DigitClassifier` of `@udm/testing`) is
 * trained on the training images once, then each sample set gets its mean confidence, the entropy of its predicted
 * classes (log2 10 = 3.32 when all digits are equally frequent) and the Fréchet distance of its classifier features
 * to those of the held-out images (FID with a digit classifier instead of Inception). The reference scores `count`
 * training images the same way and adds the classifier's held-out accuracy.
 */
export function imageClassifierQuality(options: ImageClassifierQualityOptions = {}): SampleQuality {
  return {
    name: 'image-classifier',
    description:
      'labelled images: a digit classifier’s confidence, class entropy and Fréchet distance (its features) vs held-out images',
    unsupported(udm) {
      const data = udm.data.train;
      const item = data.itemShape;
      const image = item.length === 3 && (item[2] === 1 || item[2] === 3);
      if (!image)
        return `needs images [h, w, c] with 1 or 3 channels, got items of shape [${item.join(', ')}]`;
      return data.classes === undefined ? 'needs class labels in the training data' : undefined;
    },
    prepare({ udm, count, seed }) {
      const yardstick = trainYardstick(udm.data, {
        ...options,
        rng: new SeededRng(deriveSeed(seed, 'sample-quality/classifier')),
      });
      try {
        const score = (images: Float32Array) => {
          const q = imageQuality(yardstick.classifier, images, yardstick.heldOutView.features);
          return { frechet: q.frechet, confidence: q.confidence, classEntropy: q.classEntropy };
        };
        const train = udm.data.train.toArray();
        const pixels = yardstick.classifier.pixels;
        return {
          reference: {
            ...score(train.subarray(0, Math.min(train.length, count * pixels))),
            classifierAccuracy: yardstick.accuracy,
          },
          score,
          dispose: () => yardstick.dispose(),
        };
      } catch (e) {
        yardstick.dispose();
        throw e;
      }
    },
  };
}

/** Binds the digit-classifier yardstick (default options) to `SAMPLE_QUALITY`. */
export const imageQualityModule = new ContainerModule(({ bind }) => {
  bind(SAMPLE_QUALITY).toConstantValue(imageClassifierQuality());
});
