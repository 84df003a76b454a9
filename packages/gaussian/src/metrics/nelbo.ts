import * as tf from '@tensorflow/tfjs';
import type { PointPrediction, Predictor, Rng } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { posteriorNoiseShare } from '../steps/ddim-noise-mix.js';
import { posteriorVariance, transitionVariance } from '../steps/posterior-mean-step.js';
import { discretizedGaussianLogLikelihood } from './discretized-gaussian.js';

/** A prediction as the VLB reads it: x̂0, and a learned-variance value when the model has one. */
export type VlbPrediction = PointPrediction & { readonly varianceValue?: tf.Tensor };

/**
 * The reverse kernel's log-variance log v_t for the move t → t − 1 (t = 0: the decoder p(x0 | x_0)), per element.
 * As improved-DDPM's reference code, the decoder uses the clipped β̃ of t = 1 (β̃ is 0 at t = 0).
 */
export interface VlbVariance {
  readonly kind: string;
  logVariance(process: GaussianProcess, t: number, prediction: VlbPrediction, size: number): Float64Array;
}

function clippedLogPosteriorVariance(process: GaussianProcess, t: number): number {
  const tt = t === 0 ? 1 : t;
  return Math.log(posteriorVariance(process, tt, tt - 1));
}

const constant = (v: number, size: number) => new Float64Array(size).fill(v);

export const VLB_VARIANCES: readonly VlbVariance[] = [
  {
    kind: 'fixed_small',
    logVariance: (p, t, _pred, size) => constant(clippedLogPosteriorVariance(p, t), size),
  },
  {
    kind: 'fixed_large',
    logVariance: (p, t, _pred, size) =>
      constant(t === 0 ? clippedLogPosteriorVariance(p, 0) : Math.log(transitionVariance(p, t, t - 1)), size),
  },
  {
    kind: 'learned_range',
    logVariance: (p, t, pred, size) => {
      if (!pred.varianceValue)
        throw new Error('variance "learned_range": the prediction has no varianceValue');
      const minLog = clippedLogPosteriorVariance(p, t);
      const maxLog = Math.log(transitionVariance(p, t, t === 0 ? p.time.origin : t - 1));
      const v = pred.varianceValue.dataSync();
      if (v.length !== size) throw new RangeError(`varianceValue: expected ${size} values, got ${v.length}`);
      return Float64Array.from(v, (u) => ((u + 1) / 2) * maxLog + (1 - (u + 1) / 2) * minLog);
    },
  },
];

export interface NelboOptions {
  /** A Gaussian process on discrete time 0..T−1 (origin −1). */
  readonly process: GaussianProcess;
  readonly predictor: Predictor<tf.Tensor, VlbPrediction>;
  /** The reverse variance the sampler uses: `fixed_small`, `fixed_large` or `learned_range`. */
  readonly variance: string;
  /** Data in [−1, 1], quantised to `bins` levels (e.g. 8-bit images scaled to [−1, 1]). */
  readonly x0: tf.Tensor;
  readonly rng: Rng;
  /** How many t ∈ {1, …, T−1} to evaluate (uniformly drawn, the sum rescaled: an unbiased estimate); all if absent. */
  readonly timesteps?: number;
  readonly bins?: number;
}

/** NELBO terms in bits per dimension, averaged over the batch. */
export interface NelboResult {
  readonly bitsPerDim: number;
  /** L_T = KL(q(x_{T−1} | x0) ‖ N(0, I)). */
  readonly prior: number;
  /** Σ_{t ≥ 1} KL(q(x_{t−1} | x_t, x0) ‖ p(x_{t−1} | x_t)). */
  readonly diffusion: number;
  /** L_0 = −log p(x0 | x_0), the discretized Gaussian decoder. */
  readonly decoder: number;
}

/**
 * The variational bound (seed 003): −log p(x0) ≤ L_T + Σ_{t=1}^{T−1} L_{t−1} + L_0, in bits per dimension, for a
 * discrete-time Gaussian process and any G_t. Each L_{t−1} is the KL between the true posterior
 * N(μ̃(x_t, x0), β̃_t) and the reverse kernel N(μ̃(x_t, x̂0), v_t): ½[log(v/β̃) + β̃/v + c_t²(x0 − x̂0)²/v − 1] with
 * c_t the posterior mean's coefficient of x0 after eliminating ε; L_0 uses the discretized Gaussian decoder with
 * mean x̂0. Host-side float64 sums; one forward sample x_t per t.
 */
export function nelbo(options: NelboOptions): NelboResult {
  const { process, predictor, x0, rng } = options;
  const variance = VLB_VARIANCES.find((v) => v.kind === options.variance);
  if (!variance)
    throw new RangeError(
      `variance: expected one of ${VLB_VARIANCES.map((v) => `"${v.kind}"`).join(', ')}, got "${options.variance}"`,
    );
  if (process.time.kind !== 'discrete') throw new RangeError('nelbo: needs a discrete-time process');
  const T = process.time.tMax + 1;
  const batch = x0.shape[0]!;
  const size = x0.size;
  const dims = size / batch;
  const x = x0.dataSync();
  const ln2 = Math.log(2);

  // L_T: KL(N(α x0, σ²) ‖ N(0, 1)) per dimension.
  const [aT, sT] = [process.alpha(T - 1), process.sigma(T - 1)];
  let prior = 0;
  for (let i = 0; i < size; i++) prior += 0.5 * (aT * aT * x[i]! * x[i]! + sT * sT - 1 - Math.log(sT * sT));

  const evaluate = (t: number): { x0hat: Float32Array | Int32Array | Uint8Array; logV: Float64Array } => {
    const pred = tf.tidy(() => {
      const xt = process.forward(x0, process.sampleNoise(x0, rng), t);
      const p = predictor.predict(xt, t);
      return { x0: tf.keep(p.x0.clone()), v: p.varianceValue ? tf.keep(p.varianceValue.clone()) : undefined };
    });
    const x0hat = pred.x0.dataSync();
    const logV = variance.logVariance(
      process,
      t,
      { x0: pred.x0, ...(pred.v ? { varianceValue: pred.v } : {}) },
      size,
    );
    tf.dispose([pred.x0, ...(pred.v ? [pred.v] : [])]);
    return { x0hat, logV };
  };

  // Σ_t L_{t−1}, t = 1..T−1 (all, or an unbiased subsample).
  const all = Array.from({ length: T - 1 }, (_, i) => i + 1);
  const chosen =
    options.timesteps === undefined
      ? all
      : Array.from({ length: options.timesteps }, () => 1 + rng.int(T - 1));
  const weight = (T - 1) / chosen.length;
  let diffusion = 0;
  for (const t of chosen) {
    const s = t - 1;
    const logBt = Math.log(posteriorVariance(process, t, s));
    const keep = Math.sqrt(1 - posteriorNoiseShare(process, t, s) ** 2);
    const c = process.alpha(s) - (process.sigma(s) * keep * process.alpha(t)) / process.sigma(t);
    const { x0hat, logV } = evaluate(t);
    let kl = 0;
    for (let i = 0; i < size; i++) {
      const lv = logV[i]!;
      const d = x[i]! - x0hat[i]!;
      kl += 0.5 * (lv - logBt + Math.exp(logBt - lv) + c * c * d * d * Math.exp(-lv) - 1);
    }
    diffusion += weight * kl;
  }

  // L_0: the discretized Gaussian decoder at t = 0.
  const { x0hat, logV } = evaluate(0);
  let decoder = 0;
  for (let i = 0; i < size; i++)
    decoder -= discretizedGaussianLogLikelihood(x[i]!, x0hat[i]!, logV[i]!, options.bins ?? 256);

  const per = (nats: number) => nats / (batch * dims * ln2);
  return {
    bitsPerDim: per(prior + diffusion + decoder),
    prior: per(prior),
    diffusion: per(diffusion),
    decoder: per(decoder),
  };
}
