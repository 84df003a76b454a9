import * as tf from '@tensorflow/tfjs';
import {
  COEFFICIENT_RATES,
  deriveSeed,
  randomUniform,
  SeededRng,
  type PointPrediction,
  type Predictor,
  type Evaluator,
} from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { exactDivergence, hutchinsonDivergence } from './divergence.js';
import { pfOdeLikelihood } from './pf-ode-likelihood.js';
import { dormandPrince } from './runge-kutta.js';

const DEFAULT_EXAMPLES = 64;
/** Up to this many dimensions the divergence is exact, beyond it Hutchinson's estimator. */
export const EXACT_DIVERGENCE_MAX_DIM = 16;
const TOLERANCE = 1e-5;
const BATCH = 16;

function inUnitRange(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!(values[i]! >= -1 && values[i]! <= 1)) return false;
  return true;
}

/**
 * The exact likelihood of held-out data under the model's probability-flow ODE (seed 004), in bits/dim: RK45
 * (rtol = atol = 1e-5), exact divergence up to 16 dimensions, Hutchinson (Gaussian probe) beyond. For data in
 * [−1, 1] (8-bit images) also the uniformly dequantized bits/dim (levels k of 256, u = (k + U)/128 − 1, + 7 bits).
 */
export const pfOdeLikelihoodEvaluator = {
  name: 'pf-ode-likelihood',
  description:
    'continuous-time Gaussian processes: exact NLL of held-out data by the PF-ODE and the instantaneous change of variables (RK45), bits/dim',
  unsupported(udm) {
    if (!COEFFICIENT_RATES.has(udm.process)) return `needs ${COEFFICIENT_RATES.description}`;
    if (udm.data.train.categories !== undefined) return 'needs continuous data';
    return undefined;
  },
  evaluate({ udm, seed, maxExamples, onProgress }) {
    const process = udm.process as GaussianProcess;
    const predictor = udm.posterior as unknown as Predictor<tf.Tensor, PointPrediction>;
    const n = Math.min(maxExamples ?? DEFAULT_EXAMPLES, udm.data.heldOut.size);
    const rng = new SeededRng(deriveSeed(seed, 'eval/pf-ode-likelihood'));
    const { x0: all, labels } = udm.data.heldOut.gather(Int32Array.from({ length: n }, (_, i) => i));
    labels?.dispose();
    const dim = all.size / n;
    const divergence = dim <= EXACT_DIVERGENCE_MAX_DIM ? exactDivergence : hutchinsonDivergence;
    const images = inUnitRange(all.dataSync());
    const integrator = dormandPrince({ rtol: TOLERANCE, atol: TOLERANCE });
    let [nll, dequantized, evaluations] = [0, 0, 0];
    const batches = Math.ceil(n / BATCH);
    try {
      for (let b = 0; b < batches; b++) {
        onProgress?.(b, batches);
        const size = Math.min(BATCH, n - b * BATCH);
        const x = all.slice(b * BATCH, size);
        const r = pfOdeLikelihood({ process, predictor, x, integrator, divergence, rng });
        nll += r.nll.reduce((a, v) => a + v, 0);
        evaluations += r.evaluations;
        if (images) {
          const u = tf.tidy(() => {
            const k = tf.round(tf.mul(tf.add(x, 1), 127.5));
            return tf.sub(tf.div(tf.add(k, randomUniform(rng, x.shape)), 128), 1);
          });
          const q = pfOdeLikelihood({ process, predictor, x: u, integrator, divergence, rng });
          dequantized += q.nll.reduce((a, v) => a + v, 0);
          u.dispose();
        }
        x.dispose();
      }
      onProgress?.(batches, batches);
    } finally {
      all.dispose();
    }
    const toBits = (nats: number) => nats / n / dim / Math.LN2;
    return {
      examples: n,
      nllNats: nll / n,
      bitsPerDim: toBits(nll),
      ...(images ? { bitsPerDimDequantized: toBits(dequantized) + 7 } : {}),
      exactDivergence: divergence === exactDivergence ? 1 : 0,
      evaluationsPerBatch: evaluations / batches / (images ? 2 : 1),
    };
  },
} satisfies Evaluator;
