import * as tf from '@tensorflow/tfjs';
import type { PointPrediction, Predictor, Rng } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { discretizedGaussianLogLikelihoods } from './discretized-gaussian.js';
import { nelboTimeMass } from './nelbo-time-mass.js';
import { equalMassStrata } from './time-strata.js';
import { learnedRangeLogVariance, reverseKl, vlbCoefficients, type VlbCoefficients } from './vlb-terms.js';

/** A prediction as the VLB reads it: x̂0, and a learned-variance value when the model has one. */
export type VlbPrediction = PointPrediction & { readonly varianceValue?: tf.Tensor };

/**
 * The reverse kernel's log-variance log v_t for the move t → t − 1 (t = 0: the decoder p(x0 | x_0)): a number, or
 * a tensor shaped like x. As improved-DDPM's reference code, the decoder uses the clipped β̃ of t = 1 (β̃ is 0 at
 * t = 0).
 */
export interface VlbVariance {
  readonly kind: string;
  logVariance(coefficients: VlbCoefficients, t: number, prediction: VlbPrediction): number | tf.Tensor;
}

export const VLB_VARIANCES: readonly VlbVariance[] = [
  { kind: 'fixed_small', logVariance: (c) => c.logPosteriorVariance },
  {
    kind: 'fixed_large',
    logVariance: (c, t) => (t === 0 ? c.logPosteriorVariance : c.logTransitionVariance),
  },
  {
    kind: 'learned_range',
    logVariance: (c, _t, pred) => {
      if (!pred.varianceValue)
        throw new Error('variance "learned_range": the prediction has no varianceValue');
      if (!tf.util.arraysEqual(pred.varianceValue.shape, pred.x0.shape))
        throw new RangeError(
          `varianceValue: expected shape [${pred.x0.shape.join(', ')}], got [${pred.varianceValue.shape.join(', ')}]`,
        );
      return learnedRangeLogVariance(pred.varianceValue, c.logTransitionVariance, c.logPosteriorVariance);
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
  /**
   * Estimate Σ_t L_{t−1} by stratified sampling instead: {1, …, T−1} split into this many strata of equal
   * `nelboTimeMass` (the few t that carry most of the sum — the smallest, and t = T − 1 of a schedule whose ᾱ
   * reaches ~0 — get a stratum each), `drawsPerStratum` uniform draws of t (each with its own forward noise) in
   * each; the stratum sizes times the draws' means, unbiased, and a standard error from the spread within strata.
   * Not together with `timesteps`.
   */
  readonly strata?: number;
  /** Draws per stratum (default 2, the fewest that give a standard error). */
  readonly drawsPerStratum?: number;
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
  /**
   * Standard error of `bitsPerDim` (= of `diffusion`) over the random t and the forward noise of the KL terms, the
   * examples held fixed: from the spread of the draws (within strata for `strata`); absent for the full sum (one
   * draw per t) and for a single drawn t.
   */
  readonly standardError?: number;
}

/** Times sharing one weight: the sum over `size` times is estimated by `size` × the mean of the terms at `times`. */
interface TimeGroup {
  readonly size: number;
  readonly times: readonly number[];
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1))
    throw new RangeError(`${name}: expected a positive integer, got ${value}`);
  return value;
}

/** The t ∈ {1, …, T−1} to evaluate, grouped by weight: all, uniformly drawn, or stratified (`nelboTimeMass`). */
function timeGroups(T: number, options: NelboOptions, rng: Rng): TimeGroup[] {
  if (options.timesteps !== undefined && options.strata !== undefined)
    throw new RangeError('nelbo: give timesteps (uniform draws) or strata (stratified draws), not both');
  if (options.strata !== undefined) {
    const draws = positiveInteger('drawsPerStratum', options.drawsPerStratum ?? 2);
    const count = positiveInteger('strata', options.strata);
    const strata = equalMassStrata(nelboTimeMass(options.process), 1, count);
    return strata.map(({ start, end }) => ({
      size: end - start,
      times: Array.from({ length: draws }, () => start + rng.int(end - start)),
    }));
  }
  if (options.timesteps !== undefined) {
    const n = positiveInteger('timesteps', options.timesteps);
    return [{ size: T - 1, times: Array.from({ length: n }, () => 1 + rng.int(T - 1)) }];
  }
  return Array.from({ length: T - 1 }, (_, i) => ({ size: 1, times: [i + 1] }));
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

  /** One VLB term summed over the batch (nats): `term` maps (x̂0, log v, coefficients) to per-element nats. */
  const evaluate = (
    t: number,
    term: (x0hat: tf.Tensor, logV: tf.Tensor, c: VlbCoefficients) => tf.Tensor,
  ) => {
    const c = vlbCoefficients(process, t);
    const values = tf.tidy(() => {
      const xt = process.forward(x0, process.sampleNoise(x0, rng), t);
      const p = predictor.predict(xt, t);
      const logV = variance.logVariance(c, t, p);
      return term(p.x0, typeof logV === 'number' ? tf.fill(x0.shape, logV) : logV, c);
    });
    const v = values.dataSync();
    values.dispose();
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum += v[i]!;
    return sum;
  };

  // Σ_t L_{t−1}, t = 1..T−1 (all, or an unbiased estimate: Σ over groups of size × mean of its draws).
  const groups = timeGroups(T, options, rng);
  let diffusion = 0;
  let spread = 0; // the estimate's variance: Σ size² · s²/n over groups
  let spreadKnown = true;
  for (const { size, times } of groups) {
    const values = times.map((t) =>
      evaluate(t, (x0hat, logV, c) =>
        reverseKl(
          c.logPosteriorVariance,
          logV,
          tf.mul(c.meanCoefficient ** 2, tf.squaredDifference(x0, x0hat)),
        ),
      ),
    );
    const n = values.length;
    const mean = values.reduce((a, v) => a + v, 0) / n;
    diffusion += size * mean;
    if (n < 2) {
      spreadKnown = false;
      continue;
    }
    const s2 = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
    spread += (size * size * s2) / n;
  }

  // L_0: the discretized Gaussian decoder at t = 0.
  const decoder = -evaluate(0, (x0hat, logV) =>
    discretizedGaussianLogLikelihoods(x0, x0hat, logV, options.bins ?? 256),
  );

  const per = (nats: number) => nats / (batch * dims * ln2);
  return {
    bitsPerDim: per(prior + diffusion + decoder),
    prior: per(prior),
    diffusion: per(diffusion),
    decoder: per(decoder),
    ...(spreadKnown ? { standardError: per(Math.sqrt(spread)) } : {}),
  };
}
