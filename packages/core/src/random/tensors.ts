import * as tf from '@tensorflow/tfjs';
import type { Rng } from './rng.js';

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float32 tensor of N(0, 1) draws taken from `rng` (drawn in float64 on the host). */
export function randomNormal(rng: Rng, shape: readonly number[]): tf.Tensor {
  return tf.tensor(Float32Array.from(rng.normals(sizeOf(shape))), [...shape], 'float32');
}

/** A float32 tensor of U[0, 1) draws taken from `rng`. */
export function randomUniform(rng: Rng, shape: readonly number[]): tf.Tensor {
  return tf.tensor(Float32Array.from(rng.uniforms(sizeOf(shape))), [...shape], 'float32');
}

/** A Fisher–Yates permutation of 0..n−1. */
export function permutation(rng: Rng, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = p[i]!;
    p[i] = p[j]!;
    p[j] = tmp;
  }
  return p;
}
