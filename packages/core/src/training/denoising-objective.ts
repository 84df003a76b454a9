import * as tf from '@tensorflow/tfjs';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { Conditioning, PosteriorModel } from '../contracts/posterior-model.js';
import type { TrainingObjective } from '../contracts/training-objective.js';

/**
 * The UDM denoising objective (seed 002, eq. 6–8): t ~ the process's `time.sample`, ε ~ q(ε), x_t = F_t(x0, ε),
 * and G_t's loss −log q(x0 | x_t). The default `train.objective`; the draws are made in this order (indices, t, ε),
 * as the trainer always made them. A time distribution or weighting of its own is `weighted-denoising`'s
 * (@udm/gaussian) or another objective's.
 */
export function denoisingObjective(process: ForwardProcess, posterior: PosteriorModel): TrainingObjective {
  return {
    kind: 'denoising',
    loss(batch, rng) {
      const n = batch.x0.shape[0]!;
      const t = process.time.sample(n, rng);
      return tf.tidy(() => {
        const eps = process.sampleNoise(batch.x0, rng);
        const xt = process.forward(batch.x0, eps, t);
        const cond: Conditioning | undefined = batch.labels ? { labels: batch.labels } : undefined;
        return posterior.loss({ x0: batch.x0, eps, xt, t }, cond);
      });
    },
  };
}
