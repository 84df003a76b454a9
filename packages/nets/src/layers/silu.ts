import * as tf from '@tensorflow/tfjs';
import { hasFusedKernel } from './fused-kernel.js';

/** SiLU (swish): x·σ(x); one fused kernel (`UdmSilu`, with its gradient) where the backend has it. */
export function silu<T extends tf.Tensor>(x: T): T {
  if (hasFusedKernel('UdmSilu', x)) return tf.engine().runKernel('UdmSilu', { x }) as T;
  return tf.mul(x, tf.sigmoid(x));
}
