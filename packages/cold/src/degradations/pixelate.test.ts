import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { commonBlockSizes, Pixelate } from './pixelate.js';

await tf.setBackend('cpu');
await tf.ready();

describe('Pixelate', () => {
  const d = new Pixelate([1, 2, 4], [4, 4, 1]);
  const values = Array.from({ length: 16 }, (_, i) => i);
  const x = tf.tensor4d(values, [1, 4, 4, 1]);

  it('replaces each b×b block by its mean', () => {
    const two = Array.from(d.degrade(x, 1).dataSync());
    // block (0,0) = {0, 1, 4, 5} → 2.5; block (0,1) = {2, 3, 6, 7} → 4.5; lower blocks + 8
    expect(two).toEqual([
      2.5, 2.5, 4.5, 4.5, 2.5, 2.5, 4.5, 4.5, 10.5, 10.5, 12.5, 12.5, 10.5, 10.5, 12.5, 12.5,
    ]);
    expect(Array.from(d.degrade(x, 2).dataSync())).toEqual(new Array(16).fill(7.5));
  });

  it('block size 1 and level −1 are the identity', () => {
    expect(Array.from(d.degrade(x, 0).dataSync())).toEqual(values);
    expect(Array.from(d.degrade(x, -1).dataSync())).toEqual(values);
  });

  it('rejects block sizes that do not divide the image', () => {
    expect(() => new Pixelate([2, 3], [4, 4, 1])).toThrow(
      /degradation.blockSizes\[1\]: 3 does not divide the image size 4×4/,
    );
  });

  it('default block sizes: every size > 1 dividing both sides', () => {
    expect(commonBlockSizes(28, 28)).toEqual([2, 4, 7, 14, 28]);
    expect(commonBlockSizes(32, 32)).toEqual([2, 4, 8, 16, 32]);
    expect(commonBlockSizes(12, 18)).toEqual([2, 3, 6]);
    expect(commonBlockSizes(5, 7)).toEqual([]);
  });
});
