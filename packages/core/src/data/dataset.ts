import type * as tf from '@tensorflow/tfjs';

/** A batch of training examples x0 ~ p̃(x0), with optional class labels. The caller disposes the tensors. */
export interface DataBatch {
  readonly x0: tf.Tensor;
  readonly labels?: tf.Tensor1D;
}

/** A finite data set of examples of one shape, indexed 0..size−1. */
export interface Dataset {
  /** Shape of one example, e.g. [2] for points or [28, 28, 1] for MNIST. */
  readonly itemShape: readonly number[];
  readonly size: number;
  /** Number of classes when examples carry labels. */
  readonly classes?: number;
  /**
   * For categorical data (int32 tensors from `gather`): the number of values an entry takes, ids 0..categories−1
   * (e.g. a tokenizer's vocabulary with its reserved tokens). Undefined for continuous data.
   */
  readonly categories?: number;
  gather(indices: Int32Array): DataBatch;
  /** All examples as a host array (row-major), for metrics and plots. */
  toArray(): Float32Array;
}

/**
 * The map from the space a model runs in back to the data's own space, for data sets that encode other data (e.g.
 * the latents z of an autoencoder, decoded by x = D(z)).
 */
export interface DataDecoder {
  /** Shape of one decoded item, e.g. [28, 28, 1]. */
  readonly itemShape: readonly number[];
  /** Range of the decoded values for pictures, e.g. [−1, 1]. */
  readonly range: readonly [number, number];
  /** A batch [B, ...the split's item shape] → [B, ...itemShape]; the caller disposes the result. */
  decode(x: tf.Tensor): tf.Tensor;
}

/** A training set and a held-out set used for evaluation. */
export interface DataSplit {
  readonly train: Dataset;
  readonly heldOut: Dataset;
  /** Present when the items are an encoding of other data: maps samples back to that data's space. */
  readonly decoder?: DataDecoder;
}
