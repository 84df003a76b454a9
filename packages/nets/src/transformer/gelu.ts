import * as tf from '@tensorflow/tfjs';
import { hasFusedKernel } from '../layers/fused-kernel.js';

/** β of the sigmoid approximation of GELU, x·σ(βx). */
const QUICK_GELU_BETA = 1.702;

/**
 * GELU, sigmoid approximation x·σ(1.702x) (as in CLIP's "quick GELU"; within 0.02 of the exact GELU). It costs a
 * sigmoid and two products, much less than the tanh form's cube and tanh on the wasm backend; where the backend
 * registers the fused kernel `UdmSwish` (@udm/backend-native), forward and gradient are one kernel each.
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  if (hasFusedKernel('UdmSwish', x))
    return tf.engine().runKernel('UdmSwish', { x }, { beta: QUICK_GELU_BETA }) as T;
  return tf.tidy(() => tf.mul(x, tf.sigmoid(tf.mul(x, QUICK_GELU_BETA))) as T);
}
