import * as tf from '@tensorflow/tfjs';
import { modelFromCheckpoint } from '@udm/cli';
import { SeededRng } from '@udm/core';
import { NOISY_CLASSIFIER } from '@udm/gaussian';

/**
 * How often a noisy classifier p_φ(y | x_t, t) (a run trained with posterior `noisy-classifier`) names the digit of
 * the held-out digits noised to x_t = F_t(x0, ε) at each of `times`: its accuracy by noise level.
 */
export async function noisyClassifierAccuracy(
  run: string,
  times: readonly number[],
  seed = 0,
): Promise<Array<{ t: number; accuracy: number }>> {
  const { udm } = await modelFromCheckpoint(run);
  try {
    if (!NOISY_CLASSIFIER.has(udm.posterior)) throw new Error(`${run} is not a noisy classifier`);
    const classifier = udm.posterior;
    const set = udm.data.heldOut;
    const batch = set.gather(Int32Array.from({ length: set.size }, (_, i) => i));
    const rng = new SeededRng(seed);
    try {
      const truth = batch.labels!.dataSync();
      return times.map((t) => {
        const predicted = tf.tidy(() => {
          const xt = udm.process.forward(batch.x0, udm.process.sampleNoise(batch.x0, rng) as tf.Tensor, t);
          return tf.argMax(classifier.logits(xt as tf.Tensor, t), 1).dataSync();
        });
        let right = 0;
        for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) right++;
        return { t, accuracy: right / truth.length };
      });
    } finally {
      tf.dispose([batch.x0, batch.labels!]);
    }
  } finally {
    udm.dispose();
  }
}
