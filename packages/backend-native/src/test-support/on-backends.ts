import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { loadAddon } from '../addon.js';

/** Whether the addon loaded, and the describe-block suffix that says why its tests are skipped when not. */
export const addon = loadAddon();
export const skipReason = addon.ok ? '' : ` (SKIPPED: ${addon.reason})`;
if (!addon.ok) console.warn(`@udm/backend-native: native kernel tests skipped: ${addon.reason}`);

/** Deterministic values in [-1, 1) (a small LCG): the same inputs for every backend. */
export function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Runs `fn` with `backend` active and returns its result as plain arrays (every tensor disposed). */
export async function on(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const data = list.map((t) => t.dataSync() as Float32Array);
  tf.dispose(list);
  return data;
}

/** Largest |a − b| relative to max(1, |b|) over all entries; throws on a length mismatch. */
export function maxRelError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

/** A tensor of `values(size, seed)`. */
export function tensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    values(
      shape.reduce((p, d) => p * d, 1),
      seed,
    ),
    shape,
  );
}

/** Runs `fn` on the cpu backend (the reference) and on wasm (with whatever kernels are installed): equal within `tol`. */
export async function expectSameAsCpu(fn: () => tf.Tensor | tf.Tensor[], tol = 2e-5): Promise<void> {
  const expected = await on('cpu', fn);
  const actual = await on('wasm', fn);
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(maxRelError(a, expected[i]!)).toBeLessThan(tol));
}

/**
 * Checks the gradients tfjs computes for `loss` at `inputs` against central finite differences along a fixed random
 * direction per input (step 1e-2 in float32: agreement within 2e-3 relative).
 */
export function expectFiniteDifferences(
  loss: (...inputs: tf.Tensor[]) => tf.Scalar,
  inputs: tf.Tensor[],
  names: readonly string[],
): void {
  const grads = tf.grads(loss)(inputs);
  const h = 1e-2;
  inputs.forEach((t, k) => {
    const dir = tensor(t.shape, 20 + k);
    const at = (s: number) =>
      tf.tidy(() => loss(...inputs.map((u, j) => (j === k ? tf.add(u, tf.mul(dir, s)) : u))).dataSync()[0]!);
    const numeric = (at(h) - at(-h)) / (2 * h);
    const analytic = tf.tidy(() => tf.sum(tf.mul(grads[k]!, dir)).dataSync()[0]!);
    expect(Math.abs(numeric - analytic), `d/d${names[k]}`).toBeLessThan(
      2e-3 * Math.max(1, Math.abs(analytic)),
    );
    dir.dispose();
  });
  tf.dispose(grads);
}
