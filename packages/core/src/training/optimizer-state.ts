import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from './training-state.js';

/**
 * Up to this many steps `float32Power` repeats tfjs's float32 multiplications exactly (about 3 ms at the limit);
 * beyond it the rest of the power is taken in float64 at once, so the cost is bounded whatever k a file claims.
 */
export const FLOAT32_POWER_EXACT_STEPS = 1_000_000;

/**
 * β^k as float32 arithmetic reaches it step by step: fround(β), then k − 1 float32 multiplications by fround(β)
 * (what tfjs's Adam does once per step to its running powers). Bounded time: the step-by-step product stops early
 * at a fixed point (it underflows or stops changing) and after `FLOAT32_POWER_EXACT_STEPS`; the remaining factor
 * is one float64 `pow`. k must be a positive integer.
 */
export function float32Power(base: number, k: number): number {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`k: expected a positive integer, got ${k}`);
  const b = Math.fround(base);
  let acc = b;
  const exact = Math.min(k, FLOAT32_POWER_EXACT_STEPS);
  for (let i = 1; i < exact; i++) {
    const next = Math.fround(acc * b);
    if (next === acc) return acc; // a fixed point: every further step gives the same value
    acc = next;
  }
  return exact === k ? acc : Math.fround(acc * b ** (k - exact));
}

/**
 * Checks the iteration count stored as an optimizer's first slot (tfjs's `getWeights()` layout) before it is
 * restored: a finite integer in 0…`maxIterations` (the checkpoint's step; one optimizer step per training step).
 * A file is untrusted input: a count of +∞ or 2³¹ would otherwise drive the running powers.
 */
export function checkIterationCount(weights: readonly NamedTensor[], maxIterations: number): void {
  const first = weights[0];
  if (!first) return;
  if (first.tensor.size !== 1)
    throw new RangeError(
      `optimizer iteration count: expected a scalar, got shape [${first.tensor.shape.join(', ')}]`,
    );
  const k = first.tensor.dataSync()[0]!;
  if (!Number.isInteger(k) || k < 0 || k > maxIterations) {
    throw new RangeError(
      `optimizer iteration count: expected an integer in 0…${maxIterations} (the checkpoint's step), got ${k}`,
    );
  }
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
 * make a resumed run drift from an uninterrupted one. Here they are set to the step-by-step float32 values. The
 * iteration count is checked first (`checkIterationCount`, at most `maxIterations`).
 */
export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  weights: NamedTensor[],
  maxIterations = Number.MAX_SAFE_INTEGER,
): Promise<void> {
  checkIterationCount(weights, maxIterations);
  await optimizer.setWeights(weights);
  const adam = adamPowers(optimizer);
  if (!adam) return;
  const k = optimizer.iterations + 1;
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(float32Power(adam.beta1, k)));
    adam.accBeta2.assign(tf.scalar(float32Power(adam.beta2, k)));
  });
}
