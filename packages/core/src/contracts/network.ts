import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng.js';
import type { Conditioning } from './posterior-model.js';

/** Named trainable weights θ of a network, in a stable order (the order used for checkpoints). */
export type NamedVariables = ReadonlyMap<string, tf.Variable>;

/**
 * NN_θ(x_t, t): the function approximator inside G_t. It sees the network time input the process's
 * `TimeDomain.networkInput` produced and returns a tensor (its meaning — ε̂, x̂0, v̂, logits — is set by the
 * parameterization that wraps it).
 */
export interface Network {
  /** The output for a batch `x` with per-sample network times `t` (shape [B]). */
  apply(x: tf.Tensor, t: tf.Tensor1D, cond?: Conditioning): tf.Tensor;
  /** θ, by name. */
  readonly variables: NamedVariables;
  /**
   * Training mode: while an `rng` is set (the trainer sets its own, whose state is checkpointed, around each loss),
   * stochastic layers such as dropout draw their randomness from it; unset (evaluation, sampling) they are off.
   */
  setTraining?(rng: Rng | undefined): void;
  /**
   * How many classes the network's label embedding takes: 0 when it has none (`cond.labels` would be ignored, so
   * passing labels or guiding on them is an error); undefined when the network does not say.
   */
  readonly labelClasses?: number;
}
