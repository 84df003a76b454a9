import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { referenceBlur } from '../test-support/reference-blur.js';
import { BLUR_MATRIX_MAX_SIDE, CumulativeBlur } from './cumulative-blur.js';
import { degradeEach } from './degrade-each.js';
import { gaussianKernel1d } from './gaussian-kernel.js';
import { PADDINGS, type PaddingName } from './padding.js';
import { convolutionMatrix, SeparableOperatorChain } from './separable-operator.js';

await tf.setBackend('cpu');
await tf.ready();

type Shape = [number, number, number, number];

function image(seed: number, shape: Shape): Float64Array {
  return new SeededRng(seed).uniforms(shape.reduce((a, b) => a * b, 1));
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** t + 1 passes of the plain float64 2-D reference on the float32-rounded input. */
function reference(
  x: Float64Array,
  shape: Shape,
  stds: Float64Array,
  k: number,
  padding: PaddingName,
  t: number,
) {
  let ref: Float64Array = Float64Array.from(Float32Array.from(x));
  for (let i = 0; i <= t; i++)
    ref = referenceBlur(ref, shape, gaussianKernel1d(k, stds[i]!), PADDINGS[padding]);
  return ref;
}

describe('convolutionMatrix', () => {
  it('is the 1-D blur of each basis vector, padding included (reflect, kernel wider than the axis)', () => {
    const kernel = gaussianKernel1d(7, 2);
    for (const n of [1, 2, 3, 10]) {
      const m = convolutionMatrix(kernel, PADDINGS.reflect, n);
      for (let i = 0; i < n; i++) {
        let rowSum = 0;
        for (let j = 0; j < n; j++) rowSum += m[i * n + j]!;
        expect(rowSum).toBeCloseTo(1, 12); // every padding keeps a constant constant
      }
      // Column j is the blur of the unit vector e_j as a 1 × n image.
      for (let j = 0; j < n; j++) {
        const e = new Float64Array(n);
        e[j] = 1;
        const blurred = referenceBlur(e, [1, 1, n, 1], kernel, PADDINGS.reflect);
        // referenceBlur blurs both axes; a height of 1 reflects onto itself, so the height pass is Σ kernel = 1.
        for (let i = 0; i < n; i++) expect(m[i * n + j]).toBeCloseTo(blurred[i]!, 12);
      }
    }
  });

  it('rejects an even kernel and a bad axis length', () => {
    expect(() => convolutionMatrix(new Float64Array(4), PADDINGS.edge, 3)).toThrow(/odd length, got 4/);
    expect(() => convolutionMatrix(new Float64Array(3), PADDINGS.edge, 0)).toThrow(/axis length/);
  });
});

describe('CumulativeBlur in the linear-operator form', () => {
  const shapes: Shape[] = [
    [2, 9, 15, 1],
    [3, 13, 7, 3],
  ];

  it.each(['reflect', 'edge', 'circular'] as const)(
    'equals the float64 2-D reference and the pass-by-pass path (%s padding, odd non-square sizes, channels)',
    (padding) => {
      const stds = Float64Array.from({ length: 12 }, (_, i) => 1.5 + 0.3 * i);
      const blur = new CumulativeBlur(stds, 5, PADDINGS[padding]);
      for (const shape of shapes) {
        const xs = image(7, shape);
        const x = tf.tensor4d(Float32Array.from(xs), shape);
        for (const t of [0, 1, 6, 11]) {
          const fast = blur.degrade(x, t);
          const slow = blur.continueByPasses(x, -1, t);
          expect(fast.shape).toEqual(shape);
          expect(maxDiff(fast.dataSync(), reference(xs, shape, stds, 5, padding, t))).toBeLessThan(2e-6);
          expect(maxDiff(fast.dataSync(), slow.dataSync())).toBeLessThan(2e-6);
          tf.dispose([fast, slow]);
        }
        x.dispose();
      }
    },
  );

  it('matches at the MNIST setting (kernel 11 wider than half the image, σ = 7, 20 passes)', () => {
    const shape: Shape = [2, 28, 28, 1];
    const stds = new Float64Array(20).fill(7);
    const blur = new CumulativeBlur(stds, 11, PADDINGS.reflect);
    const xs = image(8, shape);
    const x = tf.tensor4d(Float32Array.from(xs), shape);
    const fast = blur.degrade(x, 19);
    expect(maxDiff(fast.dataSync(), reference(xs, shape, stds, 11, 'reflect', 19))).toBeLessThan(2e-6);
    tf.dispose([x, fast]);
  });

  it('gives the same products whatever order the levels are asked in, and continue(from, to)', () => {
    const stds = Float64Array.from({ length: 9 }, (_, i) => 0.8 + 0.2 * i);
    const kernels = Array.from(stds, (s) => gaussianKernel1d(5, s));
    const ordered = new SeparableOperatorChain(
      kernels.map((k) => (n) => convolutionMatrix(k, PADDINGS.edge, n)),
    );
    const shuffled = new SeparableOperatorChain(
      kernels.map((k) => (n) => convolutionMatrix(k, PADDINGS.edge, n)),
    );
    for (const t of [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8]) ordered.product(11, -1, t);
    for (const t of [6, 2, 8, 0, -1]) expect(shuffled.product(11, -1, t)).toEqual(ordered.product(11, -1, t));
    // M_6 M_5 M_4 M_3 from scratch equals the chain from level 2 to 6.
    let m = convolutionMatrix(kernels[3]!, PADDINGS.edge, 11);
    for (const i of [4, 5, 6]) {
      const next = convolutionMatrix(kernels[i]!, PADDINGS.edge, 11);
      const c = new Float64Array(121);
      for (let r = 0; r < 11; r++)
        for (let k = 0; k < 11; k++)
          for (let j = 0; j < 11; j++) c[r * 11 + j]! += next[r * 11 + k]! * m[k * 11 + j]!;
      m = c;
    }
    expect(maxDiff(shuffled.product(11, 2, 6), m)).toBeLessThan(1e-14);
    expect(() => shuffled.product(11, 3, 2)).toThrow(/from 3, to 2/);
    expect(() => shuffled.product(11, -1, 9)).toThrow(/to < 9/);
  });

  it('degrades one level per sample in one go, equal to level by level (channels > 1, −1 included)', () => {
    const shape: Shape = [6, 10, 7, 2];
    const blur = new CumulativeBlur(new Float64Array(5).fill(1.2), 5, PADDINGS.reflect);
    const xs = image(9, shape);
    const x = tf.tensor4d(Float32Array.from(xs), shape);
    const t = Float64Array.from([4, -1, 0, 4, 2, 3]);
    const before = tf.memory().numTensors;
    const out = degradeEach(blur, x, t);
    const per = 10 * 7 * 2;
    t.forEach((level, i) => {
      const row = reference(xs.slice(i * per, (i + 1) * per), [1, 10, 7, 2], blur.stds, 5, 'reflect', level);
      expect(maxDiff(out.dataSync().slice(i * per, (i + 1) * per), row)).toBeLessThan(2e-6);
    });
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('has the gradient of the pass-by-pass path and leaks no tensors', () => {
    const shape: Shape = [2, 8, 11, 2];
    const blur = new CumulativeBlur(new Float64Array(6).fill(2), 5, PADDINGS.reflect);
    const x = tf.tensor4d(Float32Array.from(image(10, shape)), shape);
    const g = tf.tensor4d(Float32Array.from(image(11, shape)), shape);
    const before = tf.memory().numTensors;
    const fast = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(blur.degrade(v as tf.Tensor4D, 4), g)))(x);
    const slow = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(blur.continueByPasses(v as tf.Tensor4D, -1, 4), g)))(
      x,
    );
    expect(maxDiff(fast.dataSync(), slow.dataSync())).toBeLessThan(2e-6);
    tf.dispose([fast, slow]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g]);
  });

  it(`blurs images with a side over ${BLUR_MATRIX_MAX_SIDE} pass by pass (same result)`, () => {
    const shape: Shape = [1, BLUR_MATRIX_MAX_SIDE + 3, 5, 1];
    const stds = new Float64Array(2).fill(1);
    const blur = new CumulativeBlur(stds, 3, PADDINGS.edge);
    const xs = image(12, shape);
    const x = tf.tensor4d(Float32Array.from(xs), shape);
    const out = blur.degrade(x, 1);
    expect(blur.degradePerSample(x, [1])).toBeUndefined();
    expect(maxDiff(out.dataSync(), reference(xs, shape, stds, 3, 'edge', 1))).toBeLessThan(2e-6);
    tf.dispose([x, out]);
  });
});
