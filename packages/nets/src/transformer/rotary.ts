import * as tf from '@tensorflow/tfjs';

/** cos/sin tables [L, d_h] of rotary position embeddings, in float64 then cast once. */
export interface RotaryTables {
  readonly cos: Float32Array;
  readonly sin: Float32Array;
  /**
   * rotateHalf as a signed permutation matrix R [d_h, d_h] (x·R = [−x2, x1]): one matrix product instead of a split
   * and a concat, whose strided slices the wasm backend copies element by element in JavaScript.
   */
  readonly rotateHalf: Float32Array;
  readonly length: number;
  readonly dim: number;
}

/**
 * RoPE (Su et al. 2021), "rotate half" layout: dimension j < d_h/2 is paired with j + d_h/2 and rotated by the
 * angle l·θ_j at position l, θ_j = base^(−2j/d_h).
 */
export function rotaryTables(length: number, dim: number, base = 10000): RotaryTables {
  if (!(Number.isSafeInteger(dim) && dim >= 2 && dim % 2 === 0))
    throw new RangeError(`rotary: expected an even head width, got ${dim}`);
  const half = dim / 2;
  const cos = new Float32Array(length * dim);
  const sin = new Float32Array(length * dim);
  for (let l = 0; l < length; l++)
    for (let j = 0; j < half; j++) {
      const angle = l * Math.pow(base, (-2 * j) / dim);
      for (const c of [j, j + half]) {
        cos[l * dim + c] = Math.cos(angle);
        sin[l * dim + c] = Math.sin(angle);
      }
    }
  const rotateHalf = new Float32Array(dim * dim);
  for (let j = 0; j < half; j++) {
    rotateHalf[(j + half) * dim + j] = -1; // output j < d_h/2 is −x_{j + d_h/2}
    rotateHalf[j * dim + j + half] = 1; // output j + d_h/2 is x_j
  }
  return { cos, sin, rotateHalf, length, dim };
}

/**
 * Rotates x [N, L, d_h] (or [N, L, H, d_h]: heads side by side) by position: x·cos + rotateHalf(x)·sin with
 * rotateHalf([x1, x2]) = [−x2, x1]. Then ⟨rot(q)_i, rot(k)_j⟩ depends on the positions only through i − j
 * (relative positions).
 */
export function applyRotary<T extends tf.Tensor3D | tf.Tensor4D>(x: T, tables: RotaryTables): T {
  return tf.tidy(() => {
    const l = x.shape[1];
    const dh = x.shape[x.rank - 1]!;
    if (dh !== tables.dim || l !== tables.length || (x.rank !== 3 && x.rank !== 4))
      throw new RangeError(
        `rotary: expected x [N, ${tables.length}, ${tables.dim}] or [N, ${tables.length}, H, ${tables.dim}], got [${x.shape.join(', ')}]`,
      );
    // Exact: each output is one ±x term plus zeros.
    const rotated = tf.reshape(
      tf.matMul(tf.reshape(x, [-1, dh]), tf.tensor2d(tables.rotateHalf, [dh, dh])),
      x.shape,
    );
    const tableShape = x.rank === 4 ? [tables.length, 1, tables.dim] : [tables.length, tables.dim];
    const cos = tf.tensor(tables.cos, tableShape);
    const sin = tf.tensor(tables.sin, tableShape);
    return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as T;
  });
}
