import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../random/derive-seed.js';
import { SeededRng } from '../random/seeded-rng.js';
import { evaluatePoints } from './evaluate-points.js';
import type { Evaluator } from './evaluator.js';

/**
 * Sample quality of 2-D point data: draws samples with the config's sampler and compares them with the held-out
 * set (sliced Wasserstein-1, MMD² with a Gaussian kernel), next to training data vs held-out data as the floor.
 */
export const pointDistanceEvaluator: Evaluator = {
  name: 'point-distance',
  description:
    '2-D data: sliced Wasserstein-1 and MMD² of samples vs held-out data (and the data-vs-data floor)',
  unsupported(udm) {
    const item = udm.data.train.itemShape;
    return item.length === 1 && item[0] === 2 && udm.data.train.categories === undefined
      ? undefined
      : `needs 2-D point data, got items of shape [${item.join(', ')}]`;
  },
  evaluate({ udm, seed, count, steps, onProgress }) {
    const n = count ?? Math.min(2000, udm.data.heldOut.size);
    const total = steps ?? udm.config.sample.steps;
    const { x0 } = udm.sample({
      count: n,
      steps: total,
      rng: new SeededRng(deriveSeed(seed, 'eval/point-distance')),
      ...(onProgress ? { onStep: (p: { index: number }) => onProgress(p.index + 1, total) } : {}),
    });
    const samples = x0.dataSync() as Float32Array;
    tf.dispose(x0);
    const m = evaluatePoints(samples, udm.data.heldOut.toArray(), udm.data.train.toArray(), 2, seed);
    return {
      samples: n,
      slicedWasserstein: m.slicedWasserstein,
      mmd2: m.mmd2,
      referenceSlicedWasserstein: m.reference.slicedWasserstein,
      referenceMmd2: m.reference.mmd2,
    };
  },
};
