import * as tf from '@tensorflow/tfjs';

/**
 * Optional kernels a backend may register to take the trainer's per-variable elementwise work in one dispatch (on
 * the CPU backends a kernel dispatch costs tens of microseconds, more than the arithmetic of a small network's
 * step). Core runs them by name where the active backend registers them and composes tfjs ops elsewhere, as tfjs
 * itself dispatches kernels by name per backend; `@udm/backend-native` registers both on wasm (levers `fused-ema`
 * and `fused-grad-norm`, off by default: not measured faster than the composed kernels there).
 *
 * `UdmEmaUpdate`: inputs `shadow0`, `value0`, `shadow1`, `value1`, … (float32, pairwise the same shape), attr `decay`
 * d; outputs, in order, each fl(fl(shadow·fl(d)) + fl(value·fl(1 − d))) in float32, as the composed mul/mul/add.
 */
export const EMA_UPDATE = 'UdmEmaUpdate';

/**
 * `UdmSumOfSquares`: inputs `g0`, `g1`, … (float32, any shapes); output the scalar Σ g² over all of them,
 * accumulated in float64 and rounded once to float32.
 */
export const SUM_OF_SQUARES = 'UdmSumOfSquares';

/** Whether the active backend registers kernel `name` and every one of `inputs` is float32. */
export function backendHasKernel(name: string, inputs: readonly tf.Tensor[]): boolean {
  return inputs.every((t) => t.dtype === 'float32') && tf.getKernel(name, tf.getBackend()) !== undefined;
}
