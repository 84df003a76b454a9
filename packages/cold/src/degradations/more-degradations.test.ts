import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createUdm } from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { coldModule } from '../cold-module.js';
import type { ColdProcess } from '../process/cold-process.js';
import { stdScheduleRegistry } from './std-schedules.js';
import { FadeToMean } from './fade.js';
import { GrowingMask } from './growing-mask.js';

await tf.setBackend('cpu');
await tf.ready();

describe('inpainting: a growing Gaussian mask', () => {
  const d = new GrowingMask([9, 9, 1], 4, 1, 0.5, -1);
  it('hides the centre from the first level, hides more at every level, is the identity at t = −1', () => {
    const x = tf.ones([2, 9, 9, 1]) as tf.Tensor4D;
    expect(Array.from(d.degrade(x, -1).dataSync()).every((v) => v === 1)).toBe(true);
    let previous = Infinity;
    for (let t = 0; t < 4; t++) {
      const y = d.degrade(x, t).dataSync();
      expect(y[4 * 9 + 4]).toBeCloseTo(-1, 6); // the centre is the fill value
      const kept = Array.from(y).reduce((a, v) => a + (v + 1) / 2, 0);
      expect(kept).toBeLessThan(previous);
      previous = kept;
    }
    x.dispose();
  });

  it('is m_t·x + (1 − m_t)·fill with m_t = Π_{i≤t}(1 − exp(−d²/2r_i²)) (a corner pixel, level 2)', () => {
    const d2 = 4 * 4 + 4 * 4;
    const m = [1, 1.5, 2].reduce((a, r) => a * (1 - Math.exp(-d2 / (2 * r * r))), 1);
    const x = tf.fill([1, 9, 9, 1], 0.3) as tf.Tensor4D;
    const y = d.degrade(x, 2).dataSync();
    expect(y[0]).toBeCloseTo(m * 0.3 + (1 - m) * -1, 5);
    x.dispose();
  });
});

describe('fading to the mean', () => {
  it('is (1 − λ_t)x + λ_t·μ with λ_t = ((t + 1)/T)^p; the last level is μ for every image', () => {
    const d = new FadeToMean(5, 0.2, 2);
    const x = tf.tensor4d([0.9, -0.4], [1, 1, 2, 1]);
    const l = (2 / 5) ** 2;
    const y = d.degrade(x, 1).dataSync();
    expect(y[0]).toBeCloseTo((1 - l) * 0.9 + l * 0.2, 6);
    expect(y[1]).toBeCloseTo((1 - l) * -0.4 + l * 0.2, 6);
    expect(Array.from(d.degrade(x, 4).dataSync())).toEqual([expect.closeTo(0.2, 6), expect.closeTo(0.2, 6)]);
    x.dispose();
  });
});

describe('exponential blur schedule', () => {
  it('σ_i = start·rate^i', () => {
    const config = { kind: 'exponential', start: 0.5, rate: 2 };
    const s = stdScheduleRegistry.create(config, undefined).stds(4);
    expect(Array.from(s)).toEqual([0.5, 1, 2, 4]);
  });
});

describe('the new degradations from a config: train and sample with Algorithm 2 and the naive step', () => {
  const testModule = tinyTestModule({ itemShape: [8, 8, 1], train: 40, heldOut: 10, seed: 1 });
  it.each([
    [{ kind: 'inpaint', T: 5 }],
    [{ kind: 'fade', T: 5 }],
    [{ kind: 'gaussian-blur', T: 5, kernelSize: 3, std: { kind: 'exponential' } }],
  ])('%j', async (degradation) => {
    for (const step of [{ kind: 'cold-improved' }, { kind: 'fresh-noise' }]) {
      const udm = createUdm(
        {
          data: { kind: 'tiny' },
          process: { kind: 'cold', degradation, prior: { components: 2 } },
          network: { kind: 'affine' },
          posterior: { kind: 'cold-x0' },
          train: { steps: 3, batchSize: 4, optimizer: { kind: 'sgd', learningRate: 0.01 }, ema: 0 },
          sample: { step, grid: { kind: 'trailing' }, steps: 5, count: 6 },
        },
        [coldModule, testModule],
      );
      expect((udm.process as ColdProcess).degradation.kind).toBe(degradation.kind);
      await udm.train();
      const { x0 } = udm.sample();
      expect(x0.shape).toEqual([6, 8, 8, 1]);
      expect(Array.from(x0.dataSync()).every(Number.isFinite)).toBe(true);
      x0.dispose();
      udm.dispose();
    }
  });
});
