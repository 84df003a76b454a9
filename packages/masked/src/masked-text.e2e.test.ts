import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, createUdm, deriveSeed, SeededRng, type Udm } from '@udm/core';
import { selectBackend } from '@udm/backend-tfjs';
import type { TokenDataset } from '@udm/data';
import { dataModule } from '@udm/data';
import { gaussianModule } from '@udm/gaussian';
import { netsModule } from '@udm/nets';
import { evaluateNelbo } from './eval/evaluate-nelbo.js';
import { ngramBaselineBits } from './eval/ngram-stats.js';
import { infill } from './infill.js';
import { maskedModule } from './masked-module.js';
import { MaskingProcess } from './process/masking-process.js';
import { SubsPosterior } from './posterior/subs-posterior.js';
import { MaskedStep } from './sampling/masked-step.js';

// The default backend of the examples, where training is fast enough for a test.
await selectBackend({ prefer: 'wasm', log: () => {} });

const modules = [gaussianModule, maskedModule, netsModule, dataModule];
const config = {
  seed: 1,
  data: { kind: 'first-names', length: 16 },
  process: { kind: 'masked', schedule: { kind: 'linear' } },
  network: { kind: 'transformer', dModel: 32, heads: 2, layers: 2, mlpRatio: 2 },
  posterior: { kind: 'subs' },
  train: {
    steps: 400,
    batchSize: 64,
    optimizer: { kind: 'adam', learningRate: 0.005 },
    ema: 0,
    gradClipNorm: 1,
  },
  sample: { step: { kind: 'masked-ancestral' }, steps: 16, count: 64 },
};

const made: Udm[] = [];
afterAll(() => made.forEach((u) => u.dispose()));

describe('masked text diffusion composed through DI (no text code in core)', () => {
  it('the kinds come from the plugin modules and are checked against each other', () => {
    expect(() => createUdm(config, [gaussianModule, netsModule, dataModule])).toThrow(
      /process\.kind: expected one of .*got "masked"/,
    );
    const vpOnText = { ...config, process: { kind: 'vp' }, posterior: { kind: 'epsilon' } };
    expect(() => createUdm({ ...vpOnText, sample: config.sample }, modules)).toThrow(ConfigError);
    expect(() => createUdm({ ...config, data: { kind: 'two-moons' } }, modules)).toThrow(
      /needs categorical data/,
    );
    expect(() => createUdm({ ...config, sample: { step: { kind: 'ddim' } } }, modules)).toThrow(
      /sample\.step\.kind: "ddim" needs affine Gaussian coefficients/,
    );
  });

  it('trains on first names, beats the unigram baseline on held-out names, and samples and infills', async () => {
    const udm = createUdm(config, modules);
    made.push(udm);
    expect(udm.process).toBeInstanceOf(MaskingProcess);
    expect(udm.posterior).toBeInstanceOf(SubsPosterior);
    const train = udm.data.train as TokenDataset;
    const held = udm.data.heldOut as TokenDataset;
    const tok = train.tokenizer;
    const before = tf.memory().numTensors;
    // In chunks, yielding to the event loop in between (a long synchronous stretch stalls vitest's worker RPC).
    for (let upTo = 20; upTo <= 400; upTo += 20) {
      await udm.train({ steps: upTo });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(udm.trainedSteps).toBe(400);
    expect(tf.memory().numTensors - before).toBe(2 * udm.network.variables.size); // Adam's m and v only

    const nelbo = evaluateNelbo(udm.posterior as SubsPosterior, held, {
      rng: new SeededRng(deriveSeed(1, 'eval')),
      timesPerSequence: 4,
      padId: tok.padId,
    });
    const unigram = ngramBaselineBits(train.ids, held.ids, 1, {
      length: 16,
      categories: train.categories,
      maskId: tok.maskId,
      padId: tok.padId,
    });
    expect(nelbo.bitsPerChar + 2 * nelbo.bitsPerCharStdError).toBeLessThan(unigram);

    await new Promise((resolve) => setImmediate(resolve));
    const { x0 } = udm.sample({ rng: new SeededRng(3) });
    const ids = x0.dataSync();
    expect(x0.dtype).toBe('int32');
    expect(ids.includes(tok.maskId)).toBe(false);
    // Generated names are made of letters; most end with padding rather than running to the full length.
    const names = Array.from({ length: 64 }, (_, b) => tok.decode(ids.subarray(b * 16, (b + 1) * 16)));
    expect(names.filter((n) => /^[a-z-]{1,15}$/.test(n)).length).toBeGreaterThan(48);
    x0.dispose();

    // Infill: keep "an" at the start and "a" at position 4, fill the rest.
    const template = tf.tidy(() => {
      const row = Int32Array.from({ length: 16 }, () => tok.maskId);
      row.set(tok.encode('an'), 0);
      row.set(tok.encode('a'), 4);
      return tf.tensor2d(
        Int32Array.from({ length: 8 * 16 }, (_, i) => row[i % 16]!),
        [8, 16],
        'int32',
      );
    });
    const step = new MaskedStep(udm.process as MaskingProcess, (udm.step as MaskedStep).rule, {
      temperature: 1,
      topP: 0.9,
    });
    const filled = infill({
      process: udm.process as MaskingProcess,
      predictor: udm.posterior as SubsPosterior,
      step,
      template,
      steps: 8,
      rng: new SeededRng(4),
    });
    const out = filled.dataSync();
    for (let b = 0; b < 8; b++) {
      const row = Array.from(out.subarray(b * 16, (b + 1) * 16));
      expect(tok.decode(row.slice(0, 2))).toBe('an');
      expect(tok.decode([row[4]!])).toBe('a');
      expect(row.includes(tok.maskId)).toBe(false);
    }
    tf.dispose([filled, template]);
  }, 600_000); // ≈ 30 s of CPU on an idle 2-core machine; the limit leaves room for a loaded one
});
