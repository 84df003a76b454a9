import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset.js';
import type { Rng } from '../random/rng.js';

/**
 * One Monte-Carlo estimate of each sequence's negative ELBO (nats, float32 [B]) of a batch of token ids x0 [B, L],
 * from a quantile f_b ∈ [0, 1) of the estimator's variable (a time, a masked count …), stratified by the caller;
 * further randomness (the forward noise ε) is drawn from `rng`. Any discrete diffusion family supplies one.
 */
export type SequenceNelboEstimate = (x0: tf.Tensor, f: Float64Array, rng: Rng) => tf.Tensor;

export interface SequenceNelboOptions {
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

export interface SequenceNelboResult {
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
 * The negative ELBO of held-out token sequences in bits per character, the one counting every discrete family
 * reports (so their numbers compare): each sequence's NELBO is the mean of `timesPerSequence` estimates at
 * stratified quantiles f = (k + u)/K, k = 0..K−1; the total over sequences is divided by the number of non-pad
 * positions. Per batch and draw the order of random numbers is: B uniforms for f, then whatever `estimate` draws.
 */
export function evaluateSequenceNelbo(
  data: Dataset,
  estimate: SequenceNelboEstimate,
  options: SequenceNelboOptions,
): SequenceNelboResult {
  const { rng, padId } = options;
  const K = options.timesPerSequence ?? 16;
  const batchSize = options.batchSize ?? 256;
  if (!(Number.isSafeInteger(K) && K >= 1))
    throw new RangeError(`timesPerSequence: expected a positive integer, got ${K}`);
  if (!(Number.isSafeInteger(batchSize) && batchSize >= 1))
    throw new RangeError(`batchSize: expected a positive integer, got ${batchSize}`);
  const n = Math.min(data.size, options.maxSequences ?? data.size);
  if (!(n >= 1)) throw new RangeError(`data: expected at least one sequence to evaluate, got ${n}`);
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
      const nelbo = tf.tidy(() => estimate(x0, f, rng).dataSync());
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
