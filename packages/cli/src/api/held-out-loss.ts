import * as tf from '@tensorflow/tfjs';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';

/**
 * The training objective on held-out data, without gradients: the first `examples` held-out examples in batches of
 * `batchSize`, with t and noise drawn from a fixed seed, so successive measurements differ only by the weights.
 * Returns the example-weighted mean loss.
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
      const t = udm.process.time.sample(size, rng);
      const loss = tf.tidy(() => {
        const eps = udm.process.sampleNoise(batch.x0, rng);
        const xt = udm.process.forward(batch.x0, eps, t);
        return udm.posterior.loss(
          { x0: batch.x0, eps, xt, t },
          batch.labels ? { labels: batch.labels } : undefined,
        );
      });
      total += loss.dataSync()[0]! * size;
      loss.dispose();
    } finally {
      tf.dispose([batch.x0, batch.labels]);
    }
  }
  return total / n;
}
