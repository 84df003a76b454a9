import * as tf from '@tensorflow/tfjs';
import { SECONDS, type Measurement } from './case.js';

/**
 * Adam (lr 1e-3) training steps/s of `loss` over `vars`: 5 warm-up steps, then as many as fit in `SECONDS`.
 * Each step reads the loss back (as PyTorch's `loss.item()` does), asynchronously (webgpu in Node has no `dataSync`).
 * Disposes the optimizer, not `vars`.
 */
export async function timeAdamSteps(loss: () => tf.Scalar, vars: tf.Variable[]): Promise<Measurement> {
  const opt = tf.train.adam(1e-3);
  const step = async (): Promise<number> => {
    const { value, grads } = tf.variableGrads(() => tf.tidy(loss), vars);
    opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]);
    const v = (await value.data())[0]!;
    tf.dispose([value, grads]);
    return v;
  };
  for (let i = 0; i < 5; i++) await step();
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < SECONDS * 1000) {
    await step();
    steps++;
  }
  const seconds = (performance.now() - t0) / 1000;
  opt.dispose();
  return { value: steps / seconds, details: { steps, seconds } };
}
