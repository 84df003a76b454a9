import type * as tf from '@tensorflow/tfjs';
import type { Predictor } from '../sampling/predictor.js';

/**
 * Guidance (seed 003): a predictor the sampler calls instead of the posterior G_t, built from the model's parts by
 * a `sample.guidance` contribution, e.g. classifier-free guidance o_u + w·(o_c − o_u) or classifier guidance
 * ∇log p(x_t) + s·∇log p(y | x_t). It reads the class labels y from `cond.labels`.
 */
export interface Guidance<P = unknown> extends Predictor<tf.Tensor, P> {
  /** Whether it needs class labels y (then sampling without `sample.labels` is an error, not silence). */
  readonly needsLabels: boolean;
  /**
   * The number of classes of the labels y it reads itself (e.g. a noisy classifier's p(y | x_t)): labels are then
   * checked against 0..classes−1 and accepted even when the model is unconditional. Absent: y goes to the model's
   * network, which must be class-conditional.
   */
  readonly classes?: number;
  /** Frees what it owns (e.g. the weights of a classifier it loaded); the model calls it when done. */
  dispose?(): void;
}
