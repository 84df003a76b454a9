import * as tf from '@tensorflow/tfjs';
import type { Padding } from './padding.js';

/**
 * The n × n matrix (row-major, float64) of a 1-D convolution with the odd-length `kernel` along an axis of length n
 * seen through `padding`: (M·v)_i = Σ_a kernel[a] · v[padding.source(i + a − r, n)], r = ⌊k/2⌋. A blur pass on an
 * H × W image is then X ↦ M_H · X · M_Wᵀ per channel.
 */
export function convolutionMatrix(kernel: Float64Array, padding: Padding, n: number): Float64Array {
  if (kernel.length % 2 !== 1)
    throw new RangeError(`convolution kernel: expected an odd length, got ${kernel.length}`);
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`axis length: expected a positive integer, got ${n}`);
  const r = (kernel.length - 1) / 2;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < kernel.length; a++) m[i * n + padding.source(i + a - r, n)]! += kernel[a]!;
  return m;
}

/** One linear pass that acts on each spatial axis separately: its n × n matrix (row-major) for an axis of length n. */
export type AxisOperator = (n: number) => Float64Array;

/** c = a · b for n × n row-major float64 matrices. */
function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j]! += aik * b[k * n + j]!;
    }
  return c;
}

/**
 * A chain of separable linear passes P_0, P_1, … on NHWC images (each pass one matrix per spatial axis, the same
 * operator on both axes), applied as products instead of pass by pass: passes from + 1 … to of an H × W image are
 * X ↦ A · X · Bᵀ per image and channel with A = M_to(H) ··· M_{from+1}(H) and B the same for W. The products are
 * formed in float64 once per (axis length, from, to), cached, and cast to float32 once, so any number of passes
 * costs two matrix products. Any linear degradation that acts on rows and columns separately (blur, box filters,
 * their repeated application) can reuse it.
 */
export class SeparableOperatorChain {
  private readonly products = new Map<string, Float64Array>();
  private readonly products32 = new Map<string, Float32Array>();
  private readonly axisMatrices: Map<number, Float64Array>[];

  constructor(readonly passes: readonly AxisOperator[]) {
    this.axisMatrices = passes.map(() => new Map());
  }

  /** M_i for an axis of length n (cached). */
  private pass(i: number, n: number): Float64Array {
    const cache = this.axisMatrices[i]!;
    let m = cache.get(n);
    if (m === undefined) {
      m = this.passes[i]!(n);
      if (m.length !== n * n)
        throw new RangeError(`separable pass ${i}: expected a ${n}×${n} matrix, got ${m.length} entries`);
      cache.set(n, m);
    }
    return m;
  }

  /**
   * M_to ··· M_{from+1} for an axis of length n, in float64 (the identity when from = to); cached (memory: one n × n
   * float64 matrix per level for from = −1, plus one per other (from, to) asked for).
   */
  product(n: number, from: number, to: number): Float64Array {
    if (
      !Number.isInteger(from) ||
      !Number.isInteger(to) ||
      from < -1 ||
      to >= this.passes.length ||
      from > to
    )
      throw new RangeError(
        `separable chain: expected −1 ≤ from ≤ to < ${this.passes.length}, got from ${from}, to ${to}`,
      );
    const key = `${n}:${from}:${to}`;
    const known = this.products.get(key);
    if (known) return known;
    let m: Float64Array;
    if (from === to) {
      m = new Float64Array(n * n);
      for (let i = 0; i < n; i++) m[i * n + i] = 1;
    } else {
      // Extend the longest cached chain that starts at from + 1 (training asks for every level, in any order).
      let start = to - 1;
      while (start > from && !this.products.has(`${n}:${from}:${start}`)) start--;
      m = start === from ? this.pass(from + 1, n) : this.products.get(`${n}:${from}:${start}`)!;
      for (let i = Math.max(start, from + 1) + 1; i <= to; i++) {
        m = multiply(this.pass(i, n), m, n);
        // Keep the prefixes D(·, i) (what degrade asks for); other starts keep only the product asked for.
        if (from === -1) this.products.set(`${n}:${from}:${i}`, m);
      }
    }
    this.products.set(key, m);
    return m;
  }

  /** `product(n, from, to)` cast to float32 once (cached). */
  private product32(n: number, from: number, to: number): Float32Array {
    const key = `${n}:${from}:${to}`;
    let m = this.products32.get(key);
    if (m === undefined) {
      m = Float32Array.from(this.product(n, from, to));
      this.products32.set(key, m);
    }
    return m;
  }

  /** Passes from + 1 … to on `x` (NHWC): two matrix products; the caller owns the result. */
  apply(x: tf.Tensor4D, from: number, to: number): tf.Tensor4D {
    const [, h, w] = x.shape;
    const a = this.product32(h, from, to);
    const b = this.product32(w, from, to);
    return tf.tidy(() => applyAxes(x, tf.tensor2d(a, [h, h]), tf.tensor2d(b, [w, w])));
  }

  /** Passes 0 … levels[i] on row i of `x` (−1: none): the matrices gathered per row, two batched products. */
  applyEach(x: tf.Tensor4D, levels: ArrayLike<number>): tf.Tensor4D {
    const [batch, h, w] = x.shape;
    if (levels.length !== batch)
      throw new RangeError(`levels: expected ${batch} per-sample levels, got ${levels.length}`);
    const stack = (n: number): tf.Tensor3D => {
      const out = new Float32Array(batch * n * n);
      for (let i = 0; i < batch; i++) out.set(this.product32(n, -1, levels[i]!), i * n * n);
      return tf.tensor3d(out, [batch, n, n]);
    };
    return tf.tidy(() => applyAxes(x, stack(h), stack(w)));
  }
}

/**
 * A · X · Bᵀ per image and channel of X [N, H, W, C], with A [H, H] and B [W, W] shared by the batch or
 * [N, H, H] and [N, W, W] one per image.
 */
function applyAxes(x: tf.Tensor4D, a: tf.Tensor, b: tf.Tensor): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  // Height: A · X with X seen as [N, H, W·C].
  const rows = tf.matMul(a, tf.reshape(x, [n, h, w * c]));
  if (c === 1) {
    // Width: X · Bᵀ with X seen as [N, H, W] (one product over all rows when B is shared).
    return tf.reshape(tf.matMul(rows, b, false, true), [n, h, w, c]);
  }
  // Width with channels: B · X with X seen as [N, W, H·C].
  const cols = tf.transpose(tf.reshape(rows, [n, h, w, c]), [0, 2, 1, 3]);
  const blurred = tf.matMul(b, tf.reshape(cols, [n, w, h * c]));
  return tf.transpose(tf.reshape(blurred, [n, w, h, c]), [0, 2, 1, 3]);
}
