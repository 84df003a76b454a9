import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  CONSISTENCY_DISTANCES,
  l2Distance,
  pseudoHuberC,
  pseudoHuberDistance,
} from './consistency-distance.js';

await tf.setBackend('cpu');

describe('consistency distances', () => {
  it('l2 is the per-sample mean squared difference; pseudo-Huber √(‖a − b‖² + c²) − c with c = 0.00054√D', () => {
    const a = tf.tensor2d([
      [1, 2, 3, 4],
      [0, 0, 0, 0],
    ]);
    const b = tf.tensor2d([
      [1, 0, 3, 1],
      [0, 0, 0, 0],
    ]);
    const before = tf.memory().numTensors;
    const l2 = l2Distance.distance(a, b);
    const ph = pseudoHuberDistance.distance(a, b);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(Array.from(l2.dataSync())).toEqual([13 / 4, 0]);
    const c = 0.00054 * 2;
    expect(pseudoHuberC(4)).toBeCloseTo(c, 15);
    const got = ph.dataSync();
    expect(got[0]).toBeCloseTo(Math.sqrt(13 + c * c) - c, 5);
    expect(got[1]).toBeCloseTo(0, 7);
    expect(Object.keys(CONSISTENCY_DISTANCES).sort()).toEqual(['l2', 'pseudo-huber']);
    expect(() => l2Distance.distance(a, tf.zeros([2, 3]))).toThrow(/shapes differ/);
    tf.dispose([a, b, l2, ph]);
  });
});
