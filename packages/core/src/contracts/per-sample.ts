import * as tf from '@tensorflow/tfjs';

/**
 * A coefficient tensor that broadcasts against a batch of rank `rank`: shape [B, 1, …, 1] for per-sample
 * values, a scalar for one shared value. The values are computed in float64 by the caller.
 */
export function perSample(values: Float64Array | number, rank: number): tf.Tensor {
  if (typeof values === 'number') return tf.scalar(values);
  const shape = [values.length, ...new Array<number>(Math.max(rank - 1, 0)).fill(1)];
  return tf.tensor(Float32Array.from(values), shape, 'float32');
}
