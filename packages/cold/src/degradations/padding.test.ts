import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { circularPadding, edgePadding, padAxis, reflectPadding } from './padding.js';

await tf.setBackend('cpu');
await tf.ready();

const idx = (p: { source(i: number, n: number): number }, n: number, r: number) =>
  Array.from({ length: n + 2 * r }, (_, k) => p.source(k - r, n));

describe('paddings as index maps', () => {
  it('reflect mirrors without repeating the edge', () => {
    expect(idx(reflectPadding, 4, 2)).toEqual([2, 1, 0, 1, 2, 3, 2, 1]);
    // wider than the image: keeps bouncing (period 2(n − 1))
    expect(idx(reflectPadding, 3, 5)).toEqual([1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1]);
  });
  it('edge repeats the border pixel', () => {
    expect(idx(edgePadding, 4, 2)).toEqual([0, 0, 0, 1, 2, 3, 3, 3]);
  });
  it('circular wraps around', () => {
    expect(idx(circularPadding, 4, 2)).toEqual([2, 3, 0, 1, 2, 3, 0, 1]);
  });
  it('padAxis with reflect equals tf.mirrorPad(…, "reflect")', () => {
    const x = tf.tensor4d(
      Array.from({ length: 2 * 5 * 6 * 3 }, (_, i) => Math.sin(i)),
      [2, 5, 6, 3],
    );
    const ours = padAxis(padAxis(x, 2, 3, reflectPadding), 1, 2, reflectPadding);
    const theirs = tf.mirrorPad(
      x,
      [
        [0, 0],
        [2, 2],
        [3, 3],
        [0, 0],
      ],
      'reflect',
    );
    expect(ours.shape).toEqual([2, 9, 12, 3]);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
    tf.dispose([x, ours, theirs]);
  });
});
