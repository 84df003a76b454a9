import * as tf from '@tensorflow/tfjs';

/** A loss and its gradients with respect to the trained variables, by variable name. */
export interface LossAndGradients {
  readonly value: tf.Scalar;
  readonly grads: tf.NamedTensorMap;
}

/**
 * Gradient accumulation: the mean of `k` micro-batches' losses and gradients, `first` and `k − 1` more from `next`.
 * Each micro-batch loss is a mean over its b examples, so the result is the loss and gradient of one batch of k·b
 * (up to float rounding). Only the running sums are kept; what was handed in is disposed, also when `next` throws.
 */
export function accumulateMicroBatches(
  first: LossAndGradients,
  k: number,
  next: () => LossAndGradients,
): LossAndGradients {
  let value = first.value;
  let grads = first.grads;
  try {
    for (let i = 1; i < k; i++) {
      const r = next();
      const sum = tf.tidy(() => ({
        value: tf.add(value, r.value) as tf.Scalar,
        grads: added(grads, r.grads),
      }));
      tf.dispose([value, r.value, ...Object.values(grads), ...Object.values(r.grads)]);
      value = sum.value;
      grads = sum.grads;
    }
    const mean = tf.tidy(() => ({
      value: tf.div(value, k) as tf.Scalar,
      grads: Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.div(g, k)])),
    }));
    return mean;
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
}

function added(a: tf.NamedTensorMap, b: tf.NamedTensorMap): tf.NamedTensorMap {
  return Object.fromEntries(Object.entries(a).map(([n, g]) => [n, tf.add(g, b[n]!)]));
}
