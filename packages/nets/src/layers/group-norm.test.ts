import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { createGroupNorm, groupNorm } from './group-norm.js';

await tf.setBackend('cpu');
await tf.ready();

/** Plain-TS GroupNorm over NHWC [b, h, w, c] in float64. */
function reference(
  x: Float64Array,
  [b, h, w, c]: number[],
  g: number,
  gamma: number[],
  beta: number[],
): Float64Array {
  const out = new Float64Array(x.length);
  const per = c! / g;
  for (let n = 0; n < b!; n++)
    for (let k = 0; k < g; k++) {
      const idx: number[] = [];
      for (let p = 0; p < h! * w!; p++)
        for (let j = 0; j < per; j++) idx.push((n * h! * w! + p) * c! + k * per + j);
      const mean = idx.reduce((a, i) => a + x[i]!, 0) / idx.length;
      const v = idx.reduce((a, i) => a + (x[i]! - mean) ** 2, 0) / idx.length;
      for (const i of idx) {
        const ch = i % c!;
        out[i] = ((x[i]! - mean) / Math.sqrt(v + 1e-5)) * gamma[ch]! + beta[ch]!;
      }
    }
  return out;
}

describe('groupNorm', () => {
  it('matches a plain-TS reference (with γ, β)', () => {
    const shape = [2, 3, 5, 6];
    const x = new SeededRng(1).normals(shape.reduce((a, v) => a * v, 1)).map((v) => 3 * v + 1);
    const layer = createGroupNorm(6, 3);
    const gamma = [1, 2, 0.5, -1, 1.5, 0.3];
    const beta = [0, 0.1, -0.2, 0.3, 1, -1];
    layer.gamma.assign(tf.tensor1d(gamma));
    layer.beta.assign(tf.tensor1d(beta));
    const xt = tf.tensor4d(Float32Array.from(x), shape as [number, number, number, number]);
    const got = groupNorm(xt, layer).dataSync();
    const want = reference(x, shape, 3, gamma, beta);
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
    tf.dispose([xt, layer.gamma, layer.beta]);
  });

  it('rejects group counts that do not divide the channels', () => {
    expect(() => createGroupNorm(6, 4)).toThrow(/4 groups do not divide 6 channels/);
  });
});
