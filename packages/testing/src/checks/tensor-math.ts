import * as tf from '@tensorflow/tfjs';

/** max |a − b| as a host number. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** Whether two tensors are bitwise equal in shape and values. */
export function identical(a: tf.Tensor, b: tf.Tensor): boolean {
  if (!tf.util.arraysEqual(a.shape, b.shape)) return false;
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}
