import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { referenceBlur } from '../test-support/reference-blur.js';
import { CumulativeBlur } from './cumulative-blur.js';
import { gaussianKernel1d } from './gaussian-kernel.js';
import { PADDINGS, type PaddingName } from './padding.js';

await tf.setBackend('cpu');
await tf.ready();

const SHAPE = [3, 12, 13, 2] as const;

function image(seed: number): Float64Array {
  return new SeededRng(seed).uniforms(SHAPE.reduce((a, b) => a * b, 1));
}

function run(blur: CumulativeBlur, x: Float64Array, t: number): Float64Array {
  const input = tf.tensor4d(Float32Array.from(x), [...SHAPE]);
  const out = blur.degrade(input, t);
  expect(out.shape).toEqual([...SHAPE]);
  const v = Float64Array.from(out.dataSync());
  tf.dispose([input, out]);
  return v;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

describe('CumulativeBlur (paper MNIST setting: kernel 11, σ = 7)', () => {
  const paddings = Object.keys(PADDINGS) as PaddingName[];

  it('level −1 is the identity (bit for bit)', () => {
    const x = image(1);
    const blur = new CumulativeBlur(new Float64Array(20).fill(7), 11, PADDINGS.reflect);
    expect(run(blur, x, -1)).toEqual(Float64Array.from(Float32Array.from(x)));
  });

  it.each(paddings)('keeps a constant image constant (%s padding)', (name) => {
    const blur = new CumulativeBlur(new Float64Array(20).fill(7), 11, PADDINGS[name]);
    const c = new Float64Array(SHAPE.reduce((a, b) => a * b, 1)).fill(0.37);
    for (const t of [0, 5, 19]) expect(maxDiff(run(blur, c, t), c)).toBeLessThan(1e-6);
  });

  it.each(paddings)('equals a direct 2-D convolution in plain TS to 1e-5 (%s padding)', (name) => {
    const stds = Float64Array.from([7, 7, 7, 7]);
    const blur = new CumulativeBlur(stds, 11, PADDINGS[name]);
    const x = image(2);
    let ref: Float64Array = Float64Array.from(Float32Array.from(x));
    for (let t = 0; t < stds.length; t++) {
      ref = referenceBlur(ref, SHAPE, gaussianKernel1d(11, stds[t]!), PADDINGS[name]);
      expect(maxDiff(run(blur, x, t), ref)).toBeLessThan(1e-5);
    }
  });

  it('applies pass i with σ_i for a varying schedule (CIFAR-style 0.35 + 0.01·i, kernel 5)', () => {
    const stds = Float64Array.from({ length: 6 }, (_, i) => 0.35 + 0.01 * i);
    const blur = new CumulativeBlur(stds, 5, PADDINGS.edge);
    const x = image(3);
    let ref: Float64Array = Float64Array.from(Float32Array.from(x));
    for (let i = 0; i < stds.length; i++)
      ref = referenceBlur(ref, SHAPE, gaussianKernel1d(5, stds[i]!), PADDINGS.edge);
    expect(maxDiff(run(blur, x, 5), ref)).toBeLessThan(1e-5);
  });

  it('blurs more at higher levels and keeps the image mean (reflect)', () => {
    const blur = new CumulativeBlur(new Float64Array(20).fill(7), 11, PADDINGS.reflect);
    const x = image(4);
    const spread = (v: Float64Array) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    };
    const s = [-1, 0, 5, 19].map((t) => spread(run(blur, x, t)));
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThan(s[i - 1]!);
  });

  it('continue(D(x, s), s, t) equals D(x, t)', () => {
    const blur = new CumulativeBlur(new Float64Array(8).fill(2), 5, PADDINGS.reflect);
    const x = tf.tensor4d(Float32Array.from(image(5)), [...SHAPE]);
    const s = blur.degrade(x, 2);
    const a = blur.continue(s, 2, 6);
    const b = blur.degrade(x, 6);
    expect(maxDiff(Float64Array.from(a.dataSync()), Float64Array.from(b.dataSync()))).toBeLessThan(1e-6);
    tf.dispose([x, s, a, b]);
  });

  it('rejects levels outside [−1, T − 1] and leaks no tensors', () => {
    const blur = new CumulativeBlur(new Float64Array(3).fill(1), 3, PADDINGS.reflect);
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => blur.degrade(x, 3)).toThrow(/gaussian-blur: expected an integer level in \[-1, 2\], got 3/);
    const before = tf.memory().numTensors;
    blur.degrade(x, 2).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
