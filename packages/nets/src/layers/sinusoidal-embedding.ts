import * as tf from '@tensorflow/tfjs';
import { hasFusedKernel } from './fused-kernel.js';

/**
 * The transformer/DDPM sinusoidal embedding of the network time input:
 * [sin(t·f_0), …, sin(t·f_{h−1}), cos(t·f_0), …, cos(t·f_{h−1})] with f_i = maxPeriod^(−i/h), h = dim/2.
 * Frequencies are computed in float64 on the host. One kernel (`UdmSinusoidalEmbedding`) where the backend has it.
 */
export function sinusoidalEmbedding(t: tf.Tensor1D, dim: number, maxPeriod = 10000): tf.Tensor2D {
  if (!Number.isInteger(dim) || dim < 2 || dim % 2 !== 0) {
    throw new RangeError(`timeEmbedding: expected an even integer ≥ 2, got ${dim}`);
  }
  if (t.rank === 1 && hasFusedKernel('UdmSinusoidalEmbedding', t))
    return tf.engine().runKernel('UdmSinusoidalEmbedding', { t }, { dim, maxPeriod }) as tf.Tensor2D;
  const half = dim / 2;
  const freqs = new Float32Array(half);
  for (let i = 0; i < half; i++) freqs[i] = Math.exp((-Math.log(maxPeriod) * i) / half);
  return tf.tidy(() => {
    const args = tf.mul(tf.reshape(t, [-1, 1]), tf.tensor2d(freqs, [1, half]));
    return tf.concat([tf.sin(args), tf.cos(args)], 1) as tf.Tensor2D;
  });
}
