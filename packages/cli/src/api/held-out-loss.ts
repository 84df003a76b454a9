import * as tf from '@tensorflow/tfjs';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';

/**
 * The training objective (`udm.objective`, `train.objective`) on held-out data, without gradients: the first
 * `examples` held-out examples in batches of `batchSize`, with its draws (t, noise, …) from a fixed seed, so
 * successive measurements differ only by the weights. Returns the example-weighted mean loss.
 */
export function heldOutLoss(
  udm: Udm,
  options: { readonly examples: number; readonly batchSize: number },
): number {
  const data = udm.data.heldOut;
  const n = Math.min(options.examples, data.size);
  if (n === 0) return NaN;
  const rng = new SeededRng(deriveSeed(udm.config.seed, 'held-out-loss'));
  let total = 0;
  for (let start = 0; start < n; start += options.batchSize) {
    const size = Math.min(options.batchSize, n - start);
    const batch = data.gather(Int32Array.from({ length: size }, (_, i) => start + i));
    try {
      // the run's own objective (what each training step computes), without recording: an adaptive objective keeps
      // its state
      const loss = tf.tidy(() => udm.objective.loss(batch, rng));
      total += loss.dataSync()[0]! * size;
      loss.dispose();
    } finally {
      tf.dispose([batch.x0, batch.labels]);
    }
  }
  return total / n;
}
