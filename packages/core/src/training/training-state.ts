import type * as tf from '@tensorflow/tfjs';
import type { NamedVariables } from '../contracts/network.js';
import type { ObjectiveState } from '../contracts/training-objective.js';
import type { RngState } from '../random/rng.js';

/**
 * Everything needed to resume a run exactly: the step, θ, the EMA θ̄, the optimizer's slots, the RNG and the
 * objective's state.
 */
export interface TrainingState {
  readonly step: number;
  readonly params: NamedVariables;
  readonly ema?: ReadonlyMap<string, tf.Variable>;
  readonly emaUpdates?: number;
  readonly optimizer: NamedTensor[];
  readonly rng: RngState;
  /** The training objective's adaptive state (absent when it has none). */
  readonly objective?: ObjectiveState;
  /** The mean loss since the previous checkpoint. */
  readonly loss: number;
}

/** Where the trainer hands its state every N steps (e.g. a safetensors checkpoint directory). */
export interface CheckpointSink {
  save(state: TrainingState): Promise<void>;
}

/** A named tensor, as `tf.Optimizer.getWeights()` returns them. */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: tf.Tensor;
}
