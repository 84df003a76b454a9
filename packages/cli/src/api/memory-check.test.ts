import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUdm, OutOfMemoryError, type Udm } from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { defaultModules } from './default-modules.js';
import { checkSamplingMemory, estimateSamplingMemory } from './memory-check.js';

/**
 * A class-conditional MLP wide enough that its activations are nearly all of a sampling step's memory (items are
 * 2-D points): classifier-free guidance evaluates it on the conditional and the unconditional batch at once.
 */
let udm: Udm;
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  udm = createUdm(
    {
      data: { kind: 'tiny' },
      process: { kind: 'vp', T: 100 },
      network: { kind: 'mlp', hidden: [512, 512], timeEmbedding: 16, labelEmbedding: 8 },
      posterior: { kind: 'epsilon', labelDropout: 0.1 },
      sample: { step: { kind: 'ddim' }, steps: 5, labels: 1 },
    },
    [...defaultModules(), tinyTestModule({ train: 64, classes: 4 })],
  );
});
afterAll(() => udm.dispose());

describe('sampling memory check with classifier-free guidance', () => {
  const base = { count: 100, steps: 5, step: { kind: 'ddim' } };

  it('counts the network on twice the batch: per-example bytes ≈ 2× those without guidance', async () => {
    const before = tf.memory().numTensors;
    const plain = await estimateSamplingMemory(udm, { ...base, guidance: null });
    const guided = await estimateSamplingMemory(udm, {
      ...base,
      guidance: { kind: 'classifier-free', scale: 3 },
    });
    expect(tf.memory().numTensors).toBe(before);
    const ratio = guided.bytesPerExample / plain.bytesPerExample;
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.3);
    // The config's own sample.guidance is used when none is given.
    const configured = await estimateSamplingMemory(udm, base);
    expect(configured.bytesPerExample).toBe(plain.bytesPerExample);
  });

  it('refuses a count that fits without guidance but not with it, naming sample.count', async () => {
    const plain = await estimateSamplingMemory(udm, { ...base, guidance: null });
    const available = plain.fixedBytes + 150 * plain.bytesPerExample;
    const options = { ...base, count: 100 };
    await checkSamplingMemory(udm, { ...options, guidance: null }, available);
    await expect(
      checkSamplingMemory(udm, { ...options, guidance: { kind: 'classifier-free', scale: 3 } }, available),
    ).rejects.toThrow(OutOfMemoryError);
    await expect(
      checkSamplingMemory(udm, { ...options, guidance: { kind: 'classifier-free', scale: 3 } }, available),
    ).rejects.toThrow(/sample\.count = 100/);
  });
});
