import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createUdm, evaluatorsOf, createContainer, SeededRng, type Udm } from '@udm/core';
import { selectBackend } from '@udm/backend-tfjs';
import { dataModule, type TokenDataset } from '@udm/data';
import { maskedModule, ngramBaselineBits } from '@udm/masked';
import { netsModule } from '@udm/nets';
import { UniformPosterior } from './posterior/uniform-posterior.js';
import { UniformProcess } from './process/uniform-process.js';
import { uniformModule } from './uniform-module.js';

// The default backend of the examples, where training is fast enough for a test.
await selectBackend({ prefer: 'wasm', log: () => {} });

const modules = [maskedModule, uniformModule, netsModule, dataModule];
const config = {
  seed: 1,
  data: { kind: 'first-names', length: 16 },
  process: { kind: 'uniform' },
  network: { kind: 'transformer', dModel: 32, heads: 2, layers: 2, mlpRatio: 2 },
  posterior: { kind: 'uniform' },
  train: {
    steps: 300,
    batchSize: 64,
    optimizer: { kind: 'adam', learningRate: 0.005 },
    ema: 0,
    gradClipNorm: 1,
  },
  sample: { step: { kind: 'uniform-ancestral' }, steps: 16, count: 64 },
};

const made: Udm[] = [];
afterAll(() => made.forEach((u) => u.dispose()));

describe('uniform-state text diffusion composed through DI (no edit to core or cli)', () => {
  it('checks kinds against each other and names the field', () => {
    expect(() => createUdm({ ...config, posterior: { kind: 'subs' } }, modules)).toThrow(/absorbing/);
    expect(() =>
      createUdm({ ...config, process: { kind: 'masked' }, posterior: { kind: 'uniform' } }, modules),
    ).toThrow(/posterior.kind: "uniform" needs .*uniform-state/);
    expect(() => createUdm({ ...config, data: { kind: 'two-moons' } }, modules)).toThrow(
      /needs categorical data/,
    );
    expect(() => createUdm({ ...config, process: { kind: 'uniform', categories: 5 } }, modules)).toThrow(
      /process.categories: the data hold id \d+ .* outside the 5 categories/,
    );
    expect(() => createUdm({ ...config, process: { kind: 'uniform', categories: 500 } }, modules)).toThrow(
      /process.categories: 500 exceeds the data set's vocabulary/,
    );
  });

  it('trains on first names, beats the unigram baseline on held-out names by the uniform-nelbo evaluator, samples names', async () => {
    const udm = createUdm(config, modules);
    made.push(udm);
    expect(udm.process).toBeInstanceOf(UniformProcess);
    expect(udm.posterior).toBeInstanceOf(UniformPosterior);
    const train = udm.data.train as TokenDataset;
    const held = udm.data.heldOut as TokenDataset;
    const tok = train.tokenizer;
    // The [MASK] id is not a category of the uniform noise.
    expect((udm.process as UniformProcess).categories).toBe(train.categories - 1);
    const before = tf.memory().numTensors;
    for (let upTo = 20; upTo <= 300; upTo += 20) {
      await udm.train({ steps: upTo });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(tf.memory().numTensors - before).toBe(2 * udm.network.variables.size); // Adam's m and v only

    const container = createContainer(modules);
    const evaluator = evaluatorsOf(container).find((e) => e.name === 'uniform-nelbo')!;
    expect(evaluator.unsupported(udm)).toBeUndefined();
    const r = await evaluator.evaluate({ udm, seed: 1, maxExamples: 200 });
    const unigram = ngramBaselineBits(train.ids, held.ids, 1, {
      length: 16,
      categories: train.categories,
      maskId: tok.maskId,
      padId: tok.padId,
    });
    expect(r.bitsPerChar! + 2 * r.bitsPerCharStdError!).toBeLessThan(unigram);
    expect(tf.memory().numTensors - before).toBe(2 * udm.network.variables.size);

    const { x0 } = udm.sample({ rng: new SeededRng(3) });
    const ids = x0.dataSync();
    expect(ids.includes(tok.maskId)).toBe(false);
    const names = Array.from({ length: 64 }, (_, b) => tok.decode(ids.subarray(b * 16, (b + 1) * 16)));
    expect(names.filter((n) => /^[a-z-]{1,15}$/.test(n)).length).toBeGreaterThan(32);
    x0.dispose();
  }, 600_000);
});
