import type * as tf from '@tensorflow/tfjs';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';
import { isGaussianProcess, nelbo, type GaussianProcess, type VlbPrediction } from '@udm/gaussian';

export interface HeldOutNelboOptions {
  /** The reverse variance of the bound: `fixed_small` (β̃_t) or `fixed_large` (β_t). */
  readonly variance: string;
  /** The first `examples` held-out digits. */
  readonly examples: number;
  /** Independent estimates, each over `timesteps` uniformly drawn t (their spread gives the standard error). */
  readonly repeats: number;
  /** t drawn per estimate; absent: all T − 1 KL terms (exact over t, one noise draw per t and digit). */
  readonly timesteps?: number;
  readonly seed: number;
}

export interface HeldOutNelbo {
  readonly variance: string;
  readonly examples: number;
  readonly repeats: number;
  /** t drawn per estimate (absent: all). */
  readonly timesteps?: number;
  /** Mean of the repeats' unbiased estimates, bits per dimension. */
  readonly bitsPerDim: number;
  /** Standard error of `bitsPerDim`: the repeats' sample standard deviation / √repeats (absent for one repeat). */
  readonly standardError?: number;
  /** The mean terms (bits/dim): L_T, Σ_t L_{t−1}, L_0. */
  readonly prior: number;
  readonly diffusion: number;
  readonly decoder: number;
  readonly seconds: number;
}

/**
 * The NELBO (seed 003) of held-out digits in bits/dim under the model's unconditional prediction (null label) and
 * one reverse variance, with `nelbo` of `@udm/gaussian`: `repeats` independent Monte-Carlo estimates over t, each
 * drawing `timesteps` of the T − 1 KL terms. The seeds depend on the repeat only, so two variances are compared on
 * the same t draws and the same noise. It measures the model and the variance, not a sampler's grid.
 */
export function heldOutNelbo(udm: Udm, options: HeldOutNelboOptions): HeldOutNelbo {
  const { examples, repeats, timesteps } = options;
  const process = udm.process;
  if (!isGaussianProcess(process)) throw new Error('mnist-ddim: the NELBO needs a Gaussian process');
  if (!(Number.isInteger(repeats) && repeats >= 1))
    throw new RangeError(`nelbo.repeats: expected a positive integer, got ${repeats}`);
  if (timesteps !== undefined && !(Number.isInteger(timesteps) && timesteps >= 1))
    throw new RangeError(`nelbo.timesteps: expected a positive integer (or absent: all), got ${timesteps}`);
  if (!(Number.isInteger(examples) && examples >= 1 && examples <= udm.data.heldOut.size))
    throw new RangeError(
      `nelbo.examples: expected an integer in 1..${udm.data.heldOut.size}, got ${examples}`,
    );
  const { x0, labels } = udm.data.heldOut.gather(Int32Array.from({ length: examples }, (_, i) => i));
  labels?.dispose();
  const t0 = performance.now();
  try {
    const runs = Array.from({ length: repeats }, (_, r) =>
      nelbo({
        process: process as GaussianProcess,
        predictor: udm.posterior as { predict(xt: tf.Tensor, t: number): VlbPrediction },
        variance: options.variance,
        x0,
        rng: new SeededRng(deriveSeed(options.seed, `example/nelbo/${r}`)),
        ...(timesteps !== undefined ? { timesteps } : {}),
      }),
    );
    const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((a, r) => a + f(r), 0) / repeats;
    const bitsPerDim = mean((r) => r.bitsPerDim);
    const spread = runs.reduce((a, r) => a + (r.bitsPerDim - bitsPerDim) ** 2, 0) / (repeats - 1);
    return {
      variance: options.variance,
      examples,
      repeats,
      ...(timesteps !== undefined ? { timesteps } : {}),
      bitsPerDim,
      ...(repeats >= 2 ? { standardError: Math.sqrt(spread / repeats) } : {}),
      prior: mean((r) => r.prior),
      diffusion: mean((r) => r.diffusion),
      decoder: mean((r) => r.decoder),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    x0.dispose();
  }
}
