import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { CumulativeBlur } from './cumulative-blur.js';
import { degradeEach } from './degrade-each.js';
import { PADDINGS } from './padding.js';
import { Pixelate } from './pixelate.js';

await tf.setBackend('cpu');
await tf.ready();

describe('degradeEach: one level per sample', () => {
  const x = tf.tensor4d(Float32Array.from(new SeededRng(1).uniforms(6 * 8 * 8)), [6, 8, 8, 1]);
  const t = Float64Array.from([3, -1, 0, 3, 1, 2]);

  it.each([
    ['blur', new CumulativeBlur(new Float64Array(4).fill(1.5), 5, PADDINGS.reflect)],
    ['pixelate', new Pixelate([1, 2, 4, 8], [8, 8, 1])],
  ] as const)('row i equals D(x_i, t_i) (%s)', (_name, d) => {
    const out = degradeEach(d, x, t);
    expect(out.shape).toEqual([6, 8, 8, 1]);
    t.forEach((level, i) => {
      const one = tf.slice(x, [i, 0, 0, 0], [1, 8, 8, 1]);
      const want = d.degrade(one, level);
      const got = tf.slice(out, [i, 0, 0, 0], [1, 8, 8, 1]);
      expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
      tf.dispose([one, want, got]);
    });
    out.dispose();
  });

  it('checks the number of levels and leaks nothing', () => {
    const d = new Pixelate([2], [8, 8, 1]);
    expect(() => degradeEach(d, x, new Float64Array(2))).toThrow(/expected 6 per-sample levels, got 2/);
    const before = tf.memory().numTensors;
    degradeEach(d, x, Float64Array.from([0, -1, 0, -1, 0, 0])).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
