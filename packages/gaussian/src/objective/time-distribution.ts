import type { Rng } from '@udm/core';

/**
 * p_time, the distribution training times are drawn from (seed 004, § 5.2.2, part D). Drawing t ∼ p_time weights
 * each time's MSE by p_time(t), a factor kept apart from ω(t) because it changes the estimator's variance, not only
 * the objective.
 */
export interface TimeDistribution {
  readonly kind: string;
  /** `batch` training times (float64, valid times of the process's domain). */
  sample(batch: number, rng: Rng): Float64Array;
  /**
   * The factor 1/(N·p_time(t)) that turns the loss back into an unbiased estimate of the objective under uniform
   * times (importance sampling); absent means 1 (the distribution is part of the objective).
   */
  correction?(t: Float64Array): Float64Array;
  /**
   * Told the per-sample weighted losses of each training step (adaptive distributions); only losses computed with
   * `record` (the training step's) reach it.
   */
  observe?(t: Float64Array, losses: Float64Array): void;
  /** An adaptive distribution's state as plain JSON (checkpointed by the objective that draws from it). */
  getState?(): unknown;
  /** Restores `getState()`'s value (from an untrusted checkpoint: check it, throw naming what is wrong). */
  setState?(state: unknown): void;
}
