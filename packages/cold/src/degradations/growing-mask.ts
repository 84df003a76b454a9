import * as tf from '@tensorflow/tfjs';
import { checkLevel, type Degradation } from './degradation.js';

/**
 * Cold diffusion's inpainting degradation (Bansal et al. 2022, §4): a mask that grows with t,
 *   D(x, t) = m_t ⊙ x + (1 − m_t)·fill,   m_t = Π_{i=0}^{t} (1 − exp(−d²/(2 r_i²))),   r_i = rStart + i·rStep,
 * d the distance (in pixels) of a pixel from the image centre: each level multiplies in one more Gaussian hole
 * of radius r_i, so level t hides more than level t − 1 (m_t ≤ m_{t−1}) and D(·, −1) is the identity. The masks
 * are computed once in float64.
 */
export class GrowingMask implements Degradation {
  readonly kind = 'inpaint';
  readonly levels: number;
  /** m_t for each level, [T, H, W] row-major. */
  readonly masks: Float64Array[];

  constructor(
    readonly itemShape: readonly number[],
    levels: number,
    readonly rStart: number,
    readonly rStep: number,
    readonly fill: number,
  ) {
    const [h, w] = itemShape;
    if (!(Number.isInteger(levels) && levels >= 1))
      throw new RangeError(`inpaint: expected T ≥ 1, got ${levels}`);
    if (!(rStart > 0 && rStep >= 0))
      throw new RangeError(`inpaint: expected rStart > 0 and rStep ≥ 0, got ${rStart}, ${rStep}`);
    this.levels = levels;
    const [ci, cj] = [(h! - 1) / 2, (w! - 1) / 2];
    let current = new Float64Array(h! * w!).fill(1);
    this.masks = [];
    for (let t = 0; t < levels; t++) {
      const r = rStart + t * rStep;
      const next = new Float64Array(h! * w!);
      for (let i = 0; i < h!; i++)
        for (let j = 0; j < w!; j++) {
          const d2 = (i - ci) ** 2 + (j - cj) ** 2;
          next[i * w! + j] = current[i * w! + j]! * (1 - Math.exp(-d2 / (2 * r * r)));
        }
      this.masks.push(next);
      current = next;
    }
  }

  degrade(x: tf.Tensor4D, t: number): tf.Tensor4D {
    checkLevel(this, t);
    if (t === -1) return x.clone();
    const [, h, w] = x.shape;
    const m = tf.tensor(Float32Array.from(this.masks[t]!), [1, h, w, 1]);
    const out = tf.tidy(() => tf.add(tf.mul(x, m), tf.mul(tf.sub(1, m), this.fill)) as tf.Tensor4D);
    m.dispose();
    return out;
  }
}
