import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, createUdm } from '@udm/core';
import { ClassifierFreeGuidance, type RawOutputModel } from '@udm/gaussian';
import { defaultModules } from '../api/default-modules.js';
import { tinyConfig } from './support.js';

/** Issue 20 item 7: inputs that used to train or sample "successfully" with a wrong result are errors now. */
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const masked = (maskId?: number) => ({
  seed: 1,
  data: { kind: 'first-names', length: 16 },
  process: { kind: 'masked', schedule: { kind: 'linear' }, ...(maskId !== undefined ? { maskId } : {}) },
  network: { kind: 'transformer', dModel: 16, heads: 2, layers: 1, mlpRatio: 2 },
  posterior: { kind: 'subs' },
  train: { steps: 1, batchSize: 4 },
  sample: { step: { kind: 'masked-ancestral' }, steps: 4, count: 4 },
});

describe('silent wrong results', () => {
  it('a maskId that is a real character of the data is refused (it trained with loss 1.7e8 and exit 0)', () => {
    const ok = createUdm(masked(), defaultModules());
    const categories = ok.data.train.categories!;
    ok.dispose();
    let error: unknown;
    try {
      createUdm(masked(5), defaultModules()).dispose();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      new RegExp(`process\\.maskId: 5 is a real token of the data .* categories − 1 = ${categories - 1}`),
    );
    // the reserved id, given explicitly, is fine
    createUdm(masked(categories - 1), defaultModules()).dispose();
  });

  it('labels passed to an unconditional model, or of the wrong length, are errors, not ignored', () => {
    const udm = createUdm(tinyConfig(), defaultModules());
    const labels = tf.tensor1d([0, 1, 0, 1], 'int32');
    try {
      expect(() => udm.sample({ count: 4, steps: 2, cond: { labels } })).toThrow(
        /cond\.labels: the model is unconditional/,
      );
    } finally {
      udm.dispose();
    }
    // class-labelled data, but an MLP without a label embedding: labels and guidance would be ignored
    const mnist = (labelEmbedding: number) =>
      createUdm(
        tinyConfig({
          data: { kind: 'mnist', train: 64, heldOut: 16 },
          network: { kind: 'mlp', hidden: [8], timeEmbedding: 4, labelEmbedding },
        }),
        defaultModules(),
      );
    const blind = mnist(0);
    try {
      expect(blind.data.train.classes).toBe(10);
      expect(() => blind.sample({ count: 4, steps: 2, cond: { labels } })).toThrow(
        /cond\.labels: the network has no label embedding/,
      );
      expect(
        () => new ClassifierFreeGuidance(blind.posterior as unknown as RawOutputModel, { scale: 2 }),
      ).toThrow(/classifier-free guidance: the network has no label embedding/);
    } finally {
      blind.dispose();
    }
    // a class-conditional model: one label per sample
    const conditional = mnist(4);
    try {
      expect(
        () => new ClassifierFreeGuidance(conditional.posterior as unknown as RawOutputModel, { scale: 2 }),
      ).not.toThrow();
      expect(() => conditional.sample({ count: 3, steps: 2, cond: { labels } })).toThrow(
        /cond\.labels: expected one label per sample \(shape \[3\]\), got shape \[4\]/,
      );
      const ok = conditional.sample({ count: 4, steps: 2, cond: { labels } });
      expect(ok.x0.shape).toEqual([4, 28, 28, 1]);
      ok.x0.dispose();
    } finally {
      conditional.dispose();
      labels.dispose();
    }
  });
});
