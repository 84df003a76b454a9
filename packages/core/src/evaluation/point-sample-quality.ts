import { evaluatePoints } from './evaluate-points.js';
import type { SampleQuality } from './sample-quality.js';

/**
 * Sample quality of low-dimensional point data (e.g. two-moons): sliced Wasserstein-1 and MMD² of the samples vs
 * the held-out set (`evaluatePoints`); the reference is `count` training points vs the same held-out set.
 */
export const pointSampleQuality: SampleQuality = {
  name: 'point-distance',
  description: 'point data: sliced Wasserstein-1 and MMD² of samples vs held-out data',
  unsupported(udm) {
    const item = udm.data.train.itemShape;
    return item.length === 1 && udm.data.train.categories === undefined
      ? undefined
      : `needs vectors of real numbers, got items of shape [${item.join(', ')}]`;
  },
  prepare({ udm, count, seed }) {
    const dim = udm.data.train.itemShape[0]!;
    const heldOut = udm.data.heldOut.toArray();
    const train = udm.data.train.toArray();
    const score = (samples: Float32Array) => {
      const m = evaluatePoints(samples, heldOut, train, dim, seed);
      return { slicedWasserstein: m.slicedWasserstein, mmd2: m.mmd2 };
    };
    return {
      reference: score(train.subarray(0, Math.min(train.length, count * dim))),
      score,
      dispose: () => undefined,
    };
  },
};
