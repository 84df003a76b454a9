import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { SeededRng } from '@udm/core';
import { referenceBlur } from '../test-support/reference-blur.js';
import { CumulativeBlur } from './cumulative-blur.js';
import { degradeEach } from './degrade-each.js';
import { gaussianKernel1d } from './gaussian-kernel.js';
import { PADDINGS } from './padding.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Max |D(x, t_i) − float64 reference| over rows i of a [B, 28, 24, c] batch (MNIST-like, kernel 11, σ = 7). */
function blurError(c: number, levels: number[]): number {
  const shape = [levels.length, 28, 24, c] as const;
  const per = 28 * 24 * c;
  const x = new SeededRng(1).uniforms(levels.length * per);
  const blur = new CumulativeBlur(new Float64Array(20).fill(7), 11, PADDINGS.reflect);
  const input = tf.tensor4d(Float32Array.from(x), [...shape]);
  const out = degradeEach(blur, input, Float64Array.from(levels));
  const got = out.dataSync();
  tf.dispose([input, out]);
  let err = 0;
  levels.forEach((t, row) => {
    let ref: Float64Array = Float64Array.from(Float32Array.from(x.subarray(row * per, (row + 1) * per)));
    for (let i = 0; i <= t; i++)
      ref = referenceBlur(ref, [1, 28, 24, c], gaussianKernel1d(11, 7), PADDINGS.reflect);
    for (let i = 0; i < per; i++) err = Math.max(err, Math.abs(ref[i]! - got[row * per + i]!));
  });
  return err;
}

/**
 * The example runs on wasm, the bench and the CLI default on native (wasm with the addon's OpenBLAS matrix products):
 * the blur's matrix products, shared and per-sample levels, with one and several channels, must give the reference
 * result on both.
 */
describe.each(['wasm', 'native'] as const)('CumulativeBlur on the %s backend', (backend) => {
  let why = '';
  it('selects the backend', async () => {
    try {
      const s = await selectBackend({ prefer: backend, log: () => undefined });
      if (s.name !== backend) why = `selectBackend gave ${s.name}`;
    } catch (error) {
      why = (error as Error).message.split('\n')[0]!;
    }
    if (backend === 'wasm') expect(why).toBe('');
  });

  for (const c of [1, 3])
    it(`equals the direct 2-D convolution to 1e-5 (channels ${c}, shared and per-sample levels)`, (ctx) => {
      if (why !== '') return ctx.skip(`${backend} unavailable: ${why}`);
      expect(blurError(c, [19, 19])).toBeLessThan(1e-5);
      expect(blurError(c, [19, -1, 0, 7])).toBeLessThan(1e-5);
    });
});
