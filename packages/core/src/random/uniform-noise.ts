import * as tf from '@tensorflow/tfjs';
import type { Rng } from './rng.js';

const GRID = 2 ** 24;

/**
 * ε ~ U[0, 1) as a float32 tensor, each value ⌊u·2²⁴⌋/2²⁴ of a float64 draw u so that it is exact in float32 and
 * strictly below 1 (a plain float32 cast can round u to 1.0). Then `ε < α` keeps a token with probability α
 * (to 2⁻²⁴), α = 1 always keeps and α = 0 never does.
 */
export function uniformNoise(rng: Rng, shape: readonly number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const u = rng.uniforms(n);
  return tf.tensor(
    Float32Array.from(u, (v) => Math.floor(v * GRID) / GRID),
    [...shape],
    'float32',
  );
}
