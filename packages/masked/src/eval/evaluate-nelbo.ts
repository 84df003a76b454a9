import {
  evaluateSequenceNelbo,
  type Dataset,
  type SequenceNelboOptions,
  type SequenceNelboResult,
} from '@udm/core';
import { timeEstimator, type NelboEstimator } from '../estimator/nelbo-estimator.js';
import type { SubsPosterior } from '../posterior/subs-posterior.js';

export interface NelboOptions extends SequenceNelboOptions {
  /**
   * How each draw is made (default `timeEstimator`: t ~ p(t), MDLM's weight; `countEstimator`: k ~ U{1..L}
   * masked tokens with weight L/k, lower variance).
   */
  readonly estimator?: NelboEstimator;
}

/** The held-out NELBO in bits per character (core's `SequenceNelboResult`). */
export type NelboResult = SequenceNelboResult;

/**
 * The negative ELBO of held-out sequences under G_t, estimated with `timesPerSequence` stratified times each:
 *   −log p(x0) ≤ E_t[ w(t) Σ_{l masked} −log q(x0^l | x_t) ]   (MDLM; the bound is exact in the limit of many
 * times). The integral runs over all of (0, 1] in continuous time; the prior term KL(q(x_1 | x0) ‖ p(x_1)) is 0
 * when α(1) = 0 (linear, cosine schedules) and is left out for log-linear (as MDLM does). Counted by core's
 * `evaluateSequenceNelbo`, as every discrete family's NELBO is.
 */
export function evaluateNelbo(posterior: SubsPosterior, data: Dataset, options: NelboOptions): NelboResult {
  const estimator = options.estimator ?? timeEstimator;
  const process = posterior.process;
  return evaluateSequenceNelbo(
    data,
    (x0, f, rng) => estimator.sequenceNelbo(posterior, x0, process.sampleNoise(x0, rng), f),
    options,
  );
}
