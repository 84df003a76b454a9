import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { upsampleNearest2x } from './upsample.js';

await tf.setBackend('cpu');
await tf.ready();

describe('upsampleNearest2x', () => {
  it('repeats each pixel in a 2×2 block and crops odd sizes', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(upsampleNearest2x(x, 4, 4).arraySync()).toEqual([
      [
        [[1], [1], [2], [2]],
        [[1], [1], [2], [2]],
        [[3], [3], [4], [4]],
        [[3], [3], [4], [4]],
      ],
    ]);
    expect(upsampleNearest2x(x, 3, 4).shape).toEqual([1, 3, 4, 1]);
    expect(() => upsampleNearest2x(x, 5, 4)).toThrow(/cannot reach 5×4 from 2×2/);
    x.dispose();
  });

  it('its gradient sums each 2×2 block', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const g = tf.grad((v: tf.Tensor) =>
      tf.sum(tf.mul(upsampleNearest2x(v as tf.Tensor4D, 4, 4), tf.range(0, 16).reshape([1, 4, 4, 1]))),
    )(x);
    // block sums of 0..15 laid out 4×4: [0+1+4+5, 2+3+6+7, 8+9+12+13, 10+11+14+15]
    expect(Array.from(g.dataSync())).toEqual([10, 18, 42, 50]);
    tf.dispose([x, g]);
  });
});
