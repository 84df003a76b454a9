import * as tf from '@tensorflow/tfjs';
import {
  AFFINE_GAUSSIAN,
  deriveSeed,
  DISCRETE_TIME,
  SeededRng,
  unmetRequirements,
  type Evaluator,
  type Udm,
} from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { nelbo, type VlbPrediction } from './nelbo.js';

const DEFAULT_EXAMPLES = 256;
/**
 * The estimate of Σ_t L_{t−1}: t stratified (`strata` of `nelbo`: strata of equal `nelboTimeMass`), 32 strata × 2
 * draws = 64 KL terms, as many network passes as the 64 uniform draws it replaced. A few t carry most of the sum —
 * on the MNIST example t = T − 1 alone (cosine schedule, α ≈ 5·10⁻⁵) about 1.5 of 3.4 bits/dim, the smallest t
 * most of the rest — and uniform draws mostly miss them (1.3 and 1.6 bits/dim there); the strata give each of them
 * its own stratum (examples/mnist-ddim/README.md has the comparison).
 */
const STRATA = 32;
const DRAWS_PER_STRATUM = 2;

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
  description: `Gaussian processes in discrete time: NELBO of held-out data in bits/dim (t stratified: ${STRATA} strata × ${DRAWS_PER_STRATUM} draws, unbiased, with its standard error over t and noise)`,
  unsupported(udm) {
    const unmet = unmetRequirements([AFFINE_GAUSSIAN, DISCRETE_TIME], { process: udm.process });
    if (unmet.length > 0) return `needs ${unmet.map((c) => c.description).join(' and ')}`;
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
        strata: STRATA,
        drawsPerStratum: DRAWS_PER_STRATUM,
      });
      onProgress?.(1, 1);
      return {
        examples: x0.shape[0]!,
        bitsPerDim: r.bitsPerDim,
        ...(r.standardError !== undefined ? { standardError: r.standardError } : {}),
        prior: r.prior,
        diffusion: r.diffusion,
        decoder: r.decoder,
      };
    } finally {
      x0.dispose();
    }
  },
};
