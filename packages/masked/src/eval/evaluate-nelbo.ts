import * as tf from '@tensorflow/tfjs';
import type { Dataset, Rng } from '@udm/core';
import { timeEstimator, type NelboEstimator } from '../estimator/nelbo-estimator.js';
import type { SubsPosterior } from '../posterior/subs-posterior.js';

export interface NelboOptions {
  /**
   * How each draw is made (default `timeEstimator`: t ~ p(t), MDLM's weight; `countEstimator`: k ~ U{1..L}
   * masked tokens with weight L/k, lower variance).
   */
  readonly estimator?: NelboEstimator;
  /** Draws per sequence, stratified over the estimator's variable (default 16). */
  readonly timesPerSequence?: number;
  /** Sequences per forward pass (default 256). */
  readonly batchSize?: number;
  /** Evaluate only the first n sequences. */
  readonly maxSequences?: number;
  /** Positions holding this id are modelled but not counted as characters (e.g. [PAD]). */
  readonly padId?: number;
  readonly rng: Rng;
}

export interface NelboResult {
  /** Mean NELBO per sequence, in nats. */
  readonly natsPerSequence: number;
  /** NELBO / (number of positions), in bits. */
  readonly bitsPerToken: number;
  /** NELBO / (number of non-pad positions), in bits: "bits per character" as text8 results are reported. */
  readonly bitsPerChar: number;
  /** Standard error of `bitsPerChar` over sequences (Monte-Carlo and data). */
  readonly bitsPerCharStdError: number;
  readonly sequences: number;
  readonly characters: number;
}

/**
 * The negative ELBO of held-out sequences under G_t, estimated with `timesPerSequence` stratified times each:
 *   −log p(x0) ≤ E_t[ w(t) Σ_{l masked} −log q(x0^l | x_t) ]   (MDLM; the bound is exact in the limit of many
 * times). The integral runs over all of (0, 1] in continuous time; the prior term KL(q(x_1 | x0) ‖ p(x_1)) is 0
 * when α(1) = 0 (linear, cosine schedules) and is left out for log-linear (as MDLM does).
 */
export function evaluateNelbo(posterior: SubsPosterior, data: Dataset, options: NelboOptions): NelboResult {
  const { rng, padId } = options;
  const K = options.timesPerSequence ?? 16;
  const estimator = options.estimator ?? timeEstimator;
  const batchSize = options.batchSize ?? 256;
  const n = Math.min(data.size, options.maxSequences ?? data.size);
  const process = posterior.process;
  const perSequence = new Float64Array(n);
  let characters = 0;
  let tokens = 0;
  for (let from = 0; from < n; from += batchSize) {
    const idx = Int32Array.from({ length: Math.min(batchSize, n - from) }, (_, i) => from + i);
    const { x0 } = data.gather(idx);
    const ids = x0.dataSync();
    tokens += ids.length;
    characters += padId === undefined ? ids.length : ids.filter((v) => v !== padId).length;
    for (let k = 0; k < K; k++) {
      const u = rng.uniforms(idx.length);
      const f = u.map((v) => (k + v) / K);
      const eps = process.sampleNoise(x0, rng);
      const nelbo = tf.tidy(() => estimator.sequenceNelbo(posterior, x0, eps, f).dataSync());
      eps.dispose();
      nelbo.forEach((v, i) => (perSequence[from + i] = perSequence[from + i]! + v / K));
    }
    x0.dispose();
  }
  const total = perSequence.reduce((a, b) => a + b, 0);
  const mean = total / n;
  const variance = perSequence.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, n - 1);
  const charsPerSequence = characters / n;
  return {
    natsPerSequence: mean,
    bitsPerToken: total / Math.LN2 / tokens,
    bitsPerChar: total / Math.LN2 / characters,
    bitsPerCharStdError: Math.sqrt(variance / n) / Math.LN2 / charsPerSequence,
    sequences: n,
    characters,
  };
}
