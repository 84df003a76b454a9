import { mmd2 } from '../metrics/mmd.js';
import { slicedWasserstein } from '../metrics/sliced-wasserstein.js';
import { deriveSeed } from '../random/derive-seed.js';
import { SeededRng } from '../random/seeded-rng.js';

/** Sample-quality numbers for 2-D (or low-dimensional) point data against held-out data. */
export interface PointMetrics {
  /** Sliced Wasserstein-1 between the samples and the held-out set (lower is better). */
  readonly slicedWasserstein: number;
  /** Unbiased MMD² with a Gaussian kernel (bandwidth 0.5) against the held-out set. */
  readonly mmd2: number;
  /** The same two numbers for training data vs held-out data: what a perfect model would reach. */
  readonly reference: { readonly slicedWasserstein: number; readonly mmd2: number };
}

const MMD_POINTS = 1000;

/** Compares samples with held-out data (and, as a reference, training data with held-out data). */
export function evaluatePoints(
  samples: Float32Array,
  heldOut: Float32Array,
  train: Float32Array,
  dim: number,
  seed: number,
): PointMetrics {
  const rows = (a: Float32Array, n: number): Float32Array => a.subarray(0, Math.min(a.length, n * dim));
  const count = samples.length / dim;
  const ref = rows(train, count);
  const sw = (a: Float32Array): number =>
    slicedWasserstein(a, heldOut, dim, new SeededRng(deriveSeed(seed, 'sw')));
  const mmd = (a: Float32Array): number => mmd2(rows(a, MMD_POINTS), rows(heldOut, MMD_POINTS), dim, 0.5);
  return {
    slicedWasserstein: sw(samples),
    mmd2: mmd(samples),
    reference: { slicedWasserstein: sw(ref), mmd2: mmd(ref) },
  };
}
