import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createUdm } from '@udm/core';
import { gaussianModule } from '@udm/gaussian';
import { tinyTestModule } from '@udm/testing';
import { consistencyModule } from './consistency-module.js';

await tf.setBackend('cpu');

const modules = [gaussianModule, consistencyModule, tinyTestModule({ classes: 2 })];
const config = (sampler: object, posterior: object = { kind: 'consistency' }) => ({
  seed: 1,
  data: { kind: 'tiny' },
  process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
  network: { kind: 'affine' },
  posterior,
  train: { steps: 5, batchSize: 16, ema: 0 },
  sample: { step: { kind: 'ddim' }, sampler, grid: { kind: 'linspace' }, steps: 2, count: 10 },
});

describe('consistencyModule from a config', () => {
  it('adds posterior.kind "consistency" and sample.sampler.kind "consistency"; samples are seeded and leak-free', async () => {
    const udm = createUdm(config({ kind: 'consistency' }), modules);
    expect(udm.config.sample.sampler).toEqual({ kind: 'consistency', sigmaMax: 80 });
    await udm.train();
    const before = tf.memory().numTensors;
    const a = udm.sample().x0;
    const b = udm.sample().x0;
    expect(a.shape).toEqual([10, 2]);
    expect(Array.from(a.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
    udm.dispose();
  });

  it('names a bad sampler field', () => {
    expect(() => createUdm(config({ kind: 'consistency', sigmaMax: -1 }), modules)).toThrow(
      /sample\.sampler\.sigmaMax/,
    );
  });
});
