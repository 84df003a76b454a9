import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createUdm, SeededRng } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { trainRun } from '../api/train-run.js';
import { checkpointModelsModule } from '../checkpoint/checkpoint-models.js';

await tf.setBackend('cpu');
await tf.ready();

const dir = mkdtempSync(join(tmpdir(), 'udm-classifier-guidance-null-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plugins = defaultModules();
const ve = { kind: 've', sigmaMax: 5 };
const data = { kind: 'eight-gaussians', n: 64, heldOut: 16, labelled: true };
const sample = { step: { kind: 'ddim' }, steps: 3, count: 8 };

describe('sample.guidance.model of classifier guidance', () => {
  it('"unconditional" guides the null label ε̂(x_t, ∅) of a network trained with label dropout', async () => {
    // a tiny noisy classifier (2 steps: only its config and shapes matter here)
    const trained = await trainRun({
      config: {
        seed: 1,
        data,
        process: ve,
        network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
        posterior: { kind: 'noisy-classifier', classes: 8 },
        train: { steps: 2, batchSize: 8, objective: { kind: 'noisy-classifier' } },
        sample,
      },
      modules: plugins,
      outDir: dir,
      name: 'classifier',
      progress: 'quiet',
    });
    trained.udm.dispose();
    const classifier = trained.runDir;
    const access = [...plugins, checkpointModelsModule(plugins)];
    const conditional = (labelDropout: number) => ({
      seed: 3,
      data,
      process: ve,
      network: { kind: 'mlp', hidden: [8], timeEmbedding: 4, labelEmbedding: 4 },
      posterior: { kind: 'epsilon', labelDropout },
      train: { steps: 1, batchSize: 8 },
      sample,
    });
    // without label dropout the null label's output was never trained: an error naming the field
    const untrained = createUdm(conditional(0), access);
    expect(() =>
      untrained.sample({
        labels: 1,
        guidance: { kind: 'classifier', classifier, scale: 1, model: 'unconditional' },
      }),
    ).toThrow(/sample\.guidance\.model: "unconditional" needs a network trained with label dropout/);
    untrained.dispose();

    const before = tf.memory().numTensors;
    const udm = createUdm(conditional(0.5), access);
    const labels = [0, 1, 2, 3, 4, 5, 6, 7];
    const draw = (guidance: object): Float32Array => {
      const { x0 } = udm.sample({ count: 8, labels, guidance, rng: new SeededRng(5) });
      const v = Float32Array.from(x0.dataSync() as Float32Array);
      x0.dispose();
      return v;
    };
    const guided = (scale: number, model?: string) =>
      draw({ kind: 'classifier', classifier, scale, ...(model ? { model } : {}) });
    const close = (a: Float32Array, b: Float32Array) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-5);
    // s = 0: "unconditional" samples the null label's output (classifier-free w = 0), the default the labels' (w = 1)
    const nullOutput = draw({ kind: 'classifier-free', scale: 0 });
    const labelOutput = draw({ kind: 'classifier-free', scale: 1 });
    expect(close(nullOutput, labelOutput)).toBe(false);
    expect(close(guided(0, 'unconditional'), nullOutput)).toBe(true);
    expect(close(guided(0), labelOutput)).toBe(true);
    expect(close(guided(0, 'conditional'), labelOutput)).toBe(true);
    // s = 2 adds the classifier's gradient to the null label's score
    expect(close(guided(2, 'unconditional'), nullOutput)).toBe(false);
    expect(() => draw({ kind: 'classifier', classifier, model: 'both' })).toThrow(
      /model.*expected one of "conditional", "unconditional", got "both"/,
    );
    udm.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
