import * as tf from '@tensorflow/tfjs';

/**
 * The diffusers scheduler-test fixtures: the sample arange(768)/768 reshaped to (3, 8, 8, 4) and permuted to
 * (4, 3, 8, 8) (same element order), the noise with the reversed arange, and the model x·t/(t + 1).
 */
export function dummySample(reversed = false): tf.Tensor {
  return tf.tidy(() => {
    const n = 4 * 3 * 8 * 8;
    const r = tf.div(tf.range(0, n, 1, 'float32'), n);
    return tf.transpose(tf.reshape(reversed ? tf.reverse(r) : r, [3, 8, 8, 4]), [3, 0, 1, 2]);
  });
}

export const dummyModel = (x: tf.Tensor, t: number): tf.Tensor => tf.mul(x, t / (t + 1));

/** Σ|x| and mean |x|, the numbers diffusers' tests compare. */
export function absStats(x: tf.Tensor): { sum: number; mean: number } {
  const sum = tf.tidy(() => tf.sum(tf.abs(x)).dataSync()[0]!);
  return { sum, mean: sum / x.size };
}
