import * as tf from '@tensorflow/tfjs';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';
import { isGaussianProcess, nelbo, type GaussianProcess, type VlbPrediction } from '@udm/gaussian';
import type { Evaluator } from './evaluator.js';

const DEFAULT_EXAMPLES = 256;
/** Timesteps drawn for the unbiased estimate of Σ_t L_{t−1}. */
const TIMESTEPS = 64;

function heldOutBatch(udm: Udm, max: number): tf.Tensor {
  const n = Math.min(max, udm.data.heldOut.size);
  const { x0, labels } = udm.data.heldOut.gather(Int32Array.from({ length: n }, (_, i) => i));
  labels?.dispose();
  return x0;
}

function inUnitRange(values: Float32Array): boolean {
  for (const v of values) if (!(v >= -1 && v <= 1)) return false;
  return true;
}

/** The reverse variance the VLB uses: learned when the posterior predicts one, β̃ (fixed_small) otherwise. */
function varianceOf(udm: Udm, x0: tf.Tensor): string {
  return tf.tidy(() => {
    const p = udm.posterior.predict(x0.slice(0, 1), 0) as VlbPrediction;
    return p.varianceValue ? 'learned_range' : 'fixed_small';
  });
}

/**
 * The NELBO (variational bound, seed 003) of held-out data in bits per dimension, for a discrete-time Gaussian
 * process and data scaled to [−1, 1] (8-bit levels, the discretized Gaussian decoder), as in DDPM and improved DDPM.
 */
export const gaussianNelboEvaluator: Evaluator = {
  name: 'gaussian-nelbo',
  description: `Gaussian processes in discrete time: NELBO of held-out data in bits/dim (${TIMESTEPS} timesteps drawn, unbiased)`,
  unsupported(udm) {
    if (!isGaussianProcess(udm.process)) return 'needs a Gaussian process';
    if (udm.process.time.kind !== 'discrete') return 'needs a discrete-time process';
    if (udm.data.train.categories !== undefined) return 'needs continuous data';
    if (!inUnitRange(udm.data.heldOut.toArray()))
      return 'needs data scaled to [−1, 1] (the discretized decoder of bits/dim); the held-out data leave it';
    return undefined;
  },
  evaluate({ udm, seed, maxExamples, onProgress }) {
    const x0 = heldOutBatch(udm, maxExamples ?? DEFAULT_EXAMPLES);
    try {
      onProgress?.(0, 1);
      const r = nelbo({
        process: udm.process as GaussianProcess,
        predictor: udm.posterior as { predict(xt: tf.Tensor, t: number): VlbPrediction },
        variance: varianceOf(udm, x0),
        x0,
        rng: new SeededRng(deriveSeed(seed, 'eval/gaussian-nelbo')),
        timesteps: TIMESTEPS,
      });
      onProgress?.(1, 1);
      return {
        examples: x0.shape[0]!,
        bitsPerDim: r.bitsPerDim,
        prior: r.prior,
        diffusion: r.diffusion,
        decoder: r.decoder,
      };
    } finally {
      x0.dispose();
    }
  },
};
