/** Helpers for tests that run the same computation on the cpu backend and on wasm with fixes. */
import * as tf from '@tensorflow/tfjs';
import { installWasmFixes } from '../install-wasm-fixes.js';

/**
 * Registers and activates wasm (async init), installs the fixes; returns the previously active
 * backend (undefined when none was) for `restoreBackend`.
 */
export async function activateWasmWithFixes(): Promise<string | undefined> {
  const previous = tf.getBackend() as string | undefined;
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialize');
  await tf.ready();
  installWasmFixes();
  return previous;
}

/** Re-activates the backend `activateWasmWithFixes` found (nothing when there was none). */
export async function restoreBackend(previous: string | undefined): Promise<void> {
  if (previous !== undefined && previous !== null) await tf.setBackend(previous);
}

/** Runs `f` on `backend` inside tf.tidy and returns the outputs' values; restores the backend. */
export async function valuesOn(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    const values = await Promise.all(list.map(async (t) => Float32Array.from(await t.data())));
    tf.dispose(list);
    return values;
  } finally {
    await tf.setBackend(previous);
  }
}

/** max |a − b| / max |a| over all outputs (a is the reference). */
export function maxRelativeError(reference: Float32Array[], actual: Float32Array[]): number {
  if (reference.length !== actual.length) throw new Error(`${reference.length} vs ${actual.length} outputs`);
  let err = 0;
  let scale = 0;
  reference.forEach((a, k) => {
    const b = actual[k]!;
    if (a.length !== b.length) throw new Error(`output ${k}: ${a.length} vs ${b.length} values`);
    for (let i = 0; i < a.length; i++) {
      err = Math.max(err, Math.abs(a[i]! - b[i]!));
      scale = Math.max(scale, Math.abs(a[i]!));
    }
  });
  return err / Math.max(scale, 1e-12);
}

/** Compares `f` on cpu (reference) and wasm; returns the max relative error. */
export async function cpuVsWasm(f: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  return maxRelativeError(await valuesOn('cpu', f), await valuesOn('wasm', f));
}

/** Deterministic pseudo-random values in [−1, 1). */
export function seededValues(n: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export function seededTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    seededValues(n, seed).map((v) => v * scale),
    shape,
  );
}

/** Number of buffers the active backend holds (catches leaks of kernel intermediates). */
export function backendBuffers(): number {
  return (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
}
