import * as tf from '@tensorflow/tfjs';

/**
 * Whether the active backend registers kernel `name` (a fused op such as @udm/backend-native's `UdmSilu`) and every
 * input is float32. Layers run the fused kernel by name where it is, and compose tfjs ops where it is not, the way
 * tfjs itself dispatches kernels by name per backend.
 */
export function hasFusedKernel(name: string, ...inputs: tf.Tensor[]): boolean {
  return inputs.every((t) => t.dtype === 'float32') && tf.getKernel(name, tf.getBackend()) !== undefined;
}
