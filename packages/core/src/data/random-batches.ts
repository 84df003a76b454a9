import type { Rng } from '../random/rng.js';
import type { DataBatch, Dataset } from './dataset.js';

/**
 * Draws each batch's indices uniformly (with replacement) from the injected RNG. The iterator has no state of
 * its own, so restoring the RNG state is enough to resume the data stream exactly.
 */
export function randomBatch(dataset: Dataset, batchSize: number, rng: Rng): DataBatch {
  const idx = new Int32Array(batchSize);
  for (let i = 0; i < batchSize; i++) idx[i] = rng.int(dataset.size);
  return dataset.gather(idx);
}
