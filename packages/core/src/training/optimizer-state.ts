import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from './training-state.js';

/**
 * β^k as float32 arithmetic reaches it step by step: fround(β), then k − 1 float32 multiplications by fround(β)
 * (what tfjs's Adam does once per step to its running powers).
 */
export function float32Power(base: number, k: number): number {
  const b = Math.fround(base);
  let acc = b;
  for (let i = 1; i < k; i++) acc = Math.fround(acc * b);
  return acc;
}

/**
 * The variables in the order tfjs's optimizers keep their slots (`getWeights()` after the iteration count, one group
 * per moment): the key order of the gradient map `train()` applies, which is keyed by variable name. tfjs names
 * variables by integer ids, and JavaScript orders integer-like keys ascending, so this is creation order — not
 * necessarily the order of `Network.variables`.
 */
export function optimizerSlotOrder(variables: Iterable<tf.Variable>): tf.Variable[] {
  const byName: Record<string, tf.Variable> = {};
  for (const v of variables) byName[v.name] = v;
  return Object.values(byName);
}

/** The parts of tfjs's Adam that `setWeights` restores inexactly. */
interface AdamPowers {
  readonly beta1: number;
  readonly beta2: number;
  readonly accBeta1: tf.Variable;
  readonly accBeta2: tf.Variable;
}

function adamPowers(optimizer: tf.Optimizer): AdamPowers | undefined {
  if (!(optimizer instanceof tf.AdamOptimizer)) return undefined;
  const o = optimizer as unknown as Partial<AdamPowers>;
  return o.accBeta1 instanceof tf.Variable &&
    o.accBeta2 instanceof tf.Variable &&
    typeof o.beta1 === 'number' &&
    typeof o.beta2 === 'number'
    ? (o as AdamPowers)
    : undefined;
}

/**
 * Restores an optimizer's state (`getWeights()` output, slots in position order) so that training continues exactly
 * as if it had never stopped. tfjs's Adam multiplies its running powers β₁^(k+1), β₂^(k+1) by β once per step in
 * float32, but `setWeights` recomputes them with `pow`, which differs in the last bits after a few steps — enough to
 * make a resumed run drift from an uninterrupted one. Here they are set to the step-by-step float32 values.
 */
export async function restoreOptimizer(optimizer: tf.Optimizer, weights: NamedTensor[]): Promise<void> {
  await optimizer.setWeights(weights);
  const adam = adamPowers(optimizer);
  if (!adam) return;
  const k = optimizer.iterations + 1;
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(float32Power(adam.beta1, k)));
    adam.accBeta2.assign(tf.scalar(float32Power(adam.beta2, k)));
  });
}
