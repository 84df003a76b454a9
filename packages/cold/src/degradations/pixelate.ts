import * as tf from '@tensorflow/tfjs';
import { checkLevel, type Degradation } from './degradation.js';

/**
 * Pixelation (the paper's super-resolution degradation): level t replaces every b_t × b_t block by its mean, so the
 * image keeps its size but only (H/b_t)·(W/b_t) distinct values. Block sizes must divide the image size.
 */
/** The block sizes > 1 that divide both sides of an h × w image, increasing (28 × 28: 2, 4, 7, 14, 28). */
export function commonBlockSizes(h: number, w: number): number[] {
  const sizes: number[] = [];
  for (let b = 2; b <= Math.min(h, w); b++) if (h % b === 0 && w % b === 0) sizes.push(b);
  return sizes;
}

export class Pixelate implements Degradation {
  readonly kind = 'pixelate';
  readonly levels: number;

  constructor(
    readonly blockSizes: readonly number[],
    readonly itemShape: readonly number[],
  ) {
    if (blockSizes.length < 1) throw new RangeError('pixelate: expected at least one block size');
    const [h, w] = itemShape;
    blockSizes.forEach((b, i) => {
      if (!Number.isInteger(b) || b < 1 || h! % b !== 0 || w! % b !== 0) {
        throw new RangeError(`degradation.blockSizes[${i}]: ${b} does not divide the image size ${h}×${w}`);
      }
    });
    this.levels = blockSizes.length;
  }

  degrade(x: tf.Tensor4D, t: number): tf.Tensor4D {
    checkLevel(this, t);
    if (t === -1) return x.clone();
    const b = this.blockSizes[t]!;
    if (b === 1) return x.clone();
    return tf.tidy(() => {
      const [n, h, w, c] = x.shape;
      const means = tf.avgPool(x, b, b, 'valid');
      const spread = tf.mul(tf.reshape(means, [n, h / b, 1, w / b, 1, c]), tf.ones([1, 1, b, 1, b, 1]));
      return tf.reshape(spread, [n, h, w, c]);
    });
  }
}
