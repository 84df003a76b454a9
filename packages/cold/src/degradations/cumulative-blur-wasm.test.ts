import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { SeededRng } from '@udm/core';
import { referenceBlur } from '../test-support/reference-blur.js';
import { CumulativeBlur } from './cumulative-blur.js';
import { gaussianKernel1d } from './gaussian-kernel.js';
import { PADDINGS } from './padding.js';

/** The example runs on wasm: its depthwise convolutions and gathers must give the reference result too. */
describe('CumulativeBlur on the wasm backend', () => {
  it('equals the direct 2-D convolution to 1e-5 (MNIST size, kernel 11, σ = 7, 3 passes)', async () => {
    await selectBackend({ prefer: 'wasm', log: () => undefined });
    expect(tf.getBackend()).toBe('wasm');
    const shape = [2, 28, 28, 1] as const;
    const x = new SeededRng(1).uniforms(2 * 28 * 28);
    const blur = new CumulativeBlur(new Float64Array(3).fill(7), 11, PADDINGS.reflect);
    const input = tf.tensor4d(Float32Array.from(x), [...shape]);
    const got = blur.degrade(input, 2).dataSync();
    let ref: Float64Array = Float64Array.from(Float32Array.from(x));
    for (let i = 0; i < 3; i++) ref = referenceBlur(ref, shape, gaussianKernel1d(11, 7), PADDINGS.reflect);
    const err = ref.reduce((m, v, i) => Math.max(m, Math.abs(v - got[i]!)), 0);
    expect(err).toBeLessThan(1e-5);
    input.dispose();
  });
});
