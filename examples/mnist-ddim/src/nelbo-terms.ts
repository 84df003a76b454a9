import * as tf from '@tensorflow/tfjs';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { deriveSeed, SeededRng } from '@udm/core';
import {
  isGaussianProcess,
  reverseKl,
  vlbCoefficients,
  vlbEpsilonWeights,
  type VlbPrediction,
} from '@udm/gaussian';
import { checkpointFlag, flag, numberFlag } from './flags.js';
import { trainedModel } from './run-mnist-ddim.js';

/**
 * Single KL terms L_{t−1} of the held-out NELBO (β̃, `fixed_small`), in bits/dim, at the times asked for: which t
 * carry the sum. `npx tsx examples/mnist-ddim/src/nelbo-terms.ts --checkpoint=<run> --t=1,2,10,500,999
 * [--examples=64] [--draws=2]`; each draw has its own forward noise. Prints one JSON line per t.
 */
const backend = flag('backend');
await selectBackend(backend ? { prefer: parseBackendName(backend) } : {});
const checkpoint = checkpointFlag();
if (!checkpoint) throw new Error('--checkpoint: expected a run directory or checkpoint file');
const times = (flag('t') ?? '1,999').split(',').map(Number);
const examples = numberFlag('examples') ?? 64;
const draws = numberFlag('draws') ?? 2;
const { udm } = await trainedModel({ checkpoint });
try {
  const gaussian = udm.process;
  if (!isGaussianProcess(gaussian) || gaussian.time.kind !== 'discrete')
    throw new Error('nelbo-terms: needs a discrete-time Gaussian process');
  for (const t of times)
    if (!(Number.isInteger(t) && t >= 1 && t <= gaussian.time.tMax))
      throw new RangeError(`--t: expected integers in 1..${gaussian.time.tMax}, got ${t}`);
  const { x0, labels } = udm.data.heldOut.gather(Int32Array.from({ length: examples }, (_, i) => i));
  labels?.dispose();
  const rng = new SeededRng(deriveSeed(udm.config.seed, 'example/nelbo-terms'));
  const w = vlbEpsilonWeights(gaussian);
  for (const t of times) {
    const c = vlbCoefficients(gaussian, t);
    const bits = Array.from({ length: draws }, () =>
      tf.tidy(() => {
        const xt = gaussian.forward(x0, gaussian.sampleNoise(x0, rng), t);
        const p = (udm.posterior as { predict(x: tf.Tensor, t: number): VlbPrediction }).predict(xt, t);
        const gap = tf.mul(c.meanCoefficient ** 2, tf.squaredDifference(x0, p.x0));
        const kl = reverseKl(c.logPosteriorVariance, tf.fill(x0.shape, c.logPosteriorVariance), gap);
        return tf.sum(kl).dataSync()[0]! / (x0.size * Math.log(2));
      }),
    );
    console.log(JSON.stringify({ t, alpha: gaussian.alpha(t), w: w[t], bitsPerDim: bits }));
  }
  x0.dispose();
} finally {
  udm.dispose();
}
process.exit(0);
