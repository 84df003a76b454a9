import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrayDataset, createUdm, deriveSeed, EVALUATOR, SeededRng, type Evaluator } from '@udm/core';
import { nelbo, type GaussianProcess } from '@udm/gaussian';
import { fixedDataKind } from '@udm/testing';
import { defaultModules } from '../api/default-modules.js';
import { evalRun } from '../api/eval-run.js';
import { trainRun } from '../api/train-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-eval-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 4-D data on 8-bit levels in [−1, 1] (what the discretized decoder of the NELBO expects). */
function levels(n: number, seed: number): Float32Array {
  const rng = new SeededRng(seed);
  const u = rng.uniforms(n * 4);
  return Float32Array.from(u, (v, i) => {
    const centre = i % 4 < 2 ? 0.5 : -0.5;
    return Math.round((centre + 0.3 * (v - 0.5)) * 127.5 + 127.5) / 127.5 - 1;
  });
}

const quantizedData = fixedDataKind(
  'quantized-4d',
  'test data: 4-D points on 8-bit levels in [−1, 1]',
  (seed) => ({
    train: new ArrayDataset(levels(512, deriveSeed(seed, 'train')), [4]),
    heldOut: new ArrayDataset(levels(128, deriveSeed(seed, 'held')), [4]),
  }),
);

const testData = new ContainerModule(({ bind }) => {
  bind(Symbol.for('udm.Dataset')).toConstantValue(quantizedData);
});

const gaussianConfig = (steps: number) => ({
  seed: 3,
  data: { kind: 'quantized-4d' },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'mlp', hidden: [32, 32], timeEmbedding: 8 },
  posterior: { kind: 'epsilon' },
  train: { steps, batchSize: 64, checkpointEvery: 1000, ema: 0 },
  sample: { step: { kind: 'ddpm' }, steps: 20, count: 100 },
});

describe('evalRun', () => {
  it('Gaussian: NELBO in bits/dim equals gaussian.nelbo with the same seed, and training lowers it', async () => {
    const modules = [...defaultModules(), testData];
    const untrained = createUdm(gaussianConfig(1), modules);
    const before = await evalRun({ udm: untrained, modules, seed: 11, progress: 'quiet' });
    const x0 = untrained.data.heldOut.gather(Int32Array.from({ length: 128 }, (_, i) => i)).x0;
    const direct = nelbo({
      process: untrained.process as GaussianProcess,
      predictor: untrained.posterior as never,
      variance: 'fixed_small',
      x0,
      rng: new SeededRng(deriveSeed(11, 'eval/gaussian-nelbo')),
      strata: 32,
      drawsPerStratum: 2,
    });
    x0.dispose();
    untrained.dispose();
    expect(before.results.map((r) => r.evaluator)).toEqual(['gaussian-nelbo']);
    expect(before.skipped.map((s) => s.evaluator).sort()).toEqual(['masked-nelbo', 'pf-ode-likelihood', 'point-distance', 'uniform-nelbo']);
    const b = before.results[0]!.values;
    expect(b['bitsPerDim']).toBeCloseTo(direct.bitsPerDim, 10);
    expect(b['standardError']).toBeCloseTo(direct.standardError!, 10);
    expect(b['prior']! + b['diffusion']! + b['decoder']!).toBeCloseTo(b['bitsPerDim']!, 10);
    expect(b['examples']).toBe(128);

    const trained = await trainRun({ config: gaussianConfig(150), modules, outDir: dir, progress: 'quiet' });
    trained.udm.dispose();
    // -o may name a folder that does not exist yet
    const outDir = join(dir, 'not', 'yet');
    const after = await evalRun({ checkpoint: trained.runDir, modules, seed: 11, progress: 'quiet', outDir });
    expect(after.file).toBe(join(outDir, 'eval.json'));
    expect(after.step).toBe(150);
    const a = after.results[0]!.values;
    expect(a['bitsPerDim']).toBeLessThan(b['bitsPerDim']! - 0.5);
    const written = JSON.parse(readFileSync(after.file!, 'utf8')) as typeof after;
    expect(written.results[0]!.values['bitsPerDim']).toBe(a['bitsPerDim']);
  });

  it('2-D points: sliced Wasserstein and MMD² vs held-out, with the data-vs-data floor; no tensor leak', async () => {
    const config = {
      seed: 2,
      data: { kind: 'two-moons', n: 600, heldOut: 300 },
      process: { kind: 'vp', T: 50 },
      network: { kind: 'mlp', hidden: [16], timeEmbedding: 8 },
      posterior: { kind: 'epsilon' },
      train: { steps: 2 },
      sample: { step: { kind: 'ddim' }, steps: 5, count: 100 },
    };
    const udm = createUdm(config, defaultModules());
    const tensors = tf.memory().numTensors;
    const r = await evalRun({ udm, count: 200, progress: 'quiet' });
    const again = await evalRun({ udm, count: 200, progress: 'quiet' });
    expect(tf.memory().numTensors).toBe(tensors);
    udm.dispose();
    expect(r.results.map((e) => e.evaluator)).toEqual(['point-distance']);
    expect(r.skipped.find((s) => s.evaluator === 'gaussian-nelbo')?.reason).toMatch(/scaled to \[−1, 1\]/);
    const v = r.results[0]!.values;
    expect(v['samples']).toBe(200);
    // an untrained model is far from the data; the floor (train vs held-out) is close
    expect(v['slicedWasserstein']).toBeGreaterThan(2 * v['referenceSlicedWasserstein']!);
    expect(v['mmd2']).toBeGreaterThan(v['referenceMmd2']!);
    expect(again.results[0]!.values).toEqual(v);
  });

  it('masked text: bits per character of held-out names', async () => {
    const config = {
      seed: 1,
      data: { kind: 'first-names', sets: ['female'], lowercase: true, length: 16, heldOut: 0.05 },
      process: { kind: 'masked', schedule: { kind: 'linear' }, time: { kind: 'continuous', tMin: 0.001 } },
      network: { kind: 'transformer', dModel: 16, heads: 2, layers: 1, mlpRatio: 2 },
      posterior: { kind: 'subs', objective: { kind: 'nelbo' } },
      train: { steps: 1 },
      sample: { step: { kind: 'masked-ancestral' }, steps: 16, count: 4 },
    };
    const udm = createUdm(config, defaultModules());
    const r = await evalRun({ udm, maxExamples: 40, progress: 'quiet' });
    const vocabulary = udm.data.train.categories!;
    // without a limit the whole held-out set is scored
    const whole = await evalRun({ udm, progress: 'quiet' });
    expect(whole.results[0]!.values['sequences']).toBe(udm.data.heldOut.size);
    udm.dispose();
    expect(r.results.map((e) => e.evaluator)).toEqual(['masked-nelbo']);
    const v = r.results[0]!.values;
    expect(v['sequences']).toBe(40);
    // an untrained model is near-uniform over the V − 1 non-mask ids: about log2(V − 1) bits per position …
    const uniform = Math.log2(vocabulary - 1);
    expect(v['bitsPerToken']).toBeGreaterThan(0.9 * uniform);
    expect(v['bitsPerToken']).toBeLessThan(1.2 * uniform);
    // … and [PAD] positions are modelled but not counted as characters
    expect(v['bitsPerChar']! * v['characters']!).toBeCloseTo(v['bitsPerToken']! * 40 * 16, 6);
    expect(v['characters']).toBeLessThan(40 * 16);
  });

  it('a user plugin contributes an evaluator through DI; --only chooses it; unknown names are errors', async () => {
    const countParams: Evaluator = {
      name: 'parameter-count',
      description: 'item size and a constant (a user evaluator)',
      unsupported: () => undefined,
      evaluate: ({ udm, seed }) => ({ itemSize: udm.data.train.itemShape[0]!, seed }),
    };
    const plugin = new ContainerModule(({ bind }) => {
      bind(EVALUATOR).toConstantValue(countParams);
    });
    const modules = [...defaultModules(), testData, plugin];
    const udm = createUdm(gaussianConfig(1), modules);
    const r = await evalRun({ udm, only: ['parameter-count'], seed: 17, progress: 'quiet' });
    expect(r.results).toHaveLength(1);
    expect(r.results[0]!.values).toEqual({ itemSize: 4, seed: 17 });
    await expect(evalRun({ udm, only: ['nope'], progress: 'quiet' })).rejects.toThrow(
      /unknown evaluator "nope" \(registered: .*"parameter-count"/,
    );
    await expect(evalRun({ udm, only: ['masked-nelbo'], progress: 'quiet' })).rejects.toThrow(
      /masked-nelbo needs the masked \(SUBS\) posterior/,
    );
    udm.dispose();
  });
});
