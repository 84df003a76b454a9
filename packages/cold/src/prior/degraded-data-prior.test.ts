import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, SeededRng } from '@udm/core';
import { CumulativeBlur } from '../degradations/cumulative-blur.js';
import { PADDINGS } from '../degradations/padding.js';
import { DegradedDataPrior } from './degraded-data-prior.js';

await tf.setBackend('cpu');
await tf.ready();

/** 200 8×8 images: a bright square at one of two places, brightness varying. */
function squares(): ArrayDataset {
  const rng = new SeededRng(1);
  const x = new Float32Array(200 * 64);
  for (let i = 0; i < 200; i++) {
    const corner = i % 2 === 0 ? 0 : 4;
    const level = 0.5 + 0.5 * rng.uniform();
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) x[i * 64 + (corner + r) * 8 + corner + c] = level;
  }
  return new ArrayDataset(x, [8, 8, 1]);
}

describe('DegradedDataPrior', () => {
  const blur = new CumulativeBlur(new Float64Array(3).fill(1), 3, PADDINGS.reflect);
  const options = { components: 2, noise: 0, fitSize: 200, jitter: 1e-6, seed: 0 };

  it('draws x_T with the moments of the fully degraded data', () => {
    const data = squares();
    const prior = new DegradedDataPrior(blur, data, options);
    const xT = prior.sample([4000, 8, 8, 1], new SeededRng(2));
    expect(xT.shape).toEqual([4000, 8, 8, 1]);
    const all = data.gather(Int32Array.from({ length: 200 }, (_, i) => i));
    const degraded = blur.degrade(all.x0 as tf.Tensor4D, 2);
    const meanA = tf.mean(xT, 0).dataSync();
    const meanB = tf.mean(degraded, 0).dataSync();
    meanA.forEach((v, i) => expect(Math.abs(v - meanB[i]!)).toBeLessThan(0.02));
    tf.dispose([xT, all.x0, degraded]);
  });

  it('is deterministic for a seed, adds N(0, noise²), and checks the shape', () => {
    const data = squares();
    const a = new DegradedDataPrior(blur, data, options);
    const b = new DegradedDataPrior(blur, data, { ...options, noise: 0.5 });
    const x1 = a.sample([3, 8, 8, 1], new SeededRng(3));
    const x2 = a.sample([3, 8, 8, 1], new SeededRng(3));
    expect(Array.from(x1.dataSync())).toEqual(Array.from(x2.dataSync()));
    const noisy = b.sample([3, 8, 8, 1], new SeededRng(3));
    expect(Array.from(noisy.dataSync())).not.toEqual(Array.from(x1.dataSync()));
    expect(() => a.sample([3, 4, 4, 1], new SeededRng(0))).toThrow(/expected a shape \[B, 8, 8, 1\]/);
    tf.dispose([x1, x2, noisy]);
  });
});
