import type * as tf from '@tensorflow/tfjs';
import type { DataBatch } from '../data/dataset.js';
import type { Rng } from '../random/rng.js';
/** What `train()` tells an objective about the loss it asks for. */
export interface ObjectiveLossOptions {
  /**
   * The loss of an optimizer step: an adaptive objective (e.g. importance sampling of t) learns from it. Only the
   * training step sets it; other callers (memory estimates, evaluation, tests) leave the objective's state unchanged.
   */
  readonly record?: boolean;
  /**
   * The optimizer step this loss belongs to (1-based; with gradient accumulation every micro-batch of a step has the
   * same number), for objectives whose draws follow a schedule over training. Absent outside training.
   */
  readonly step?: number;
  /** The run's total optimizer steps (`train.steps`), when known. */
  readonly totalSteps?: number;
}

/**
 * An objective's adaptive state as it goes into a checkpoint: `json` into the metadata (plain JSON), `tensors` as
 * `objective.<name>` tensors (float32). Both optional; the trainer owns neither (it disposes nothing it is handed).
 */
export interface ObjectiveState {
  readonly json?: unknown;
  readonly tensors?: ReadonlyMap<string, tf.Tensor>;
}

/**
 * What one training step computes (seed 002's training of G_t, and its variants): the fourth contract beside the
 * forward process, the posterior and the conditional step. Given a batch x0 ~ p̃(x0), an objective draws what it
 * needs (t ~ p_time, ε ~ q(ε), pairs of times, teacher targets, …) from the run's RNG and returns the scalar loss
 * whose gradient the one `train()` applies, with gradient accumulation, EMA, checkpoints, exact resume, divergence
 * and out-of-memory checks. The memory estimate runs the same `loss`.
 *
 * An objective that adapts during training (importance sampling of t, a target network's EMA, a step schedule)
 * returns that state from `getState` — it is written into every checkpoint — and takes it back in `setState` on
 * resume, so that a resumed run continues exactly as an uninterrupted one.
 */
export interface TrainingObjective {
  /** Names the objective in messages (e.g. `denoising`). */
  readonly kind: string;
  /**
   * The scalar training loss of `batch`, averaged over it. Runs inside `tf.variableGrads` (and a tidy): it must
   * create its tensors there and draw its randomness from `rng` only, so the same seed gives the same step.
   * `options.record` is set for an optimizer step's loss: an adaptive objective learns from those only (a memory
   * estimate or an evaluation leaves the state as it is).
   */
  loss(batch: DataBatch, rng: Rng, options?: ObjectiveLossOptions): tf.Scalar;
  /** Called after each optimizer step (1-based `step`), e.g. to move a target network's EMA. */
  afterStep?(step: number): void;
  /** The adaptive state to checkpoint (absent: the objective has none). */
  getState?(): ObjectiveState;
  /**
   * Restores what `getState` returned, read back from a checkpoint (untrusted: check it and throw an Error naming
   * what is wrong). Tensors are the checkpoint's; copy what is kept (they are disposed after the call).
   */
  setState?(state: ObjectiveState): void;
  /** Releases what the objective owns (e.g. a teacher network's weights). */
  dispose?(): void;
}
