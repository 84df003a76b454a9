import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrayDataset, createUdm, SeededRng, TOKENS } from '@udm/core';
import { loadSafetensorsFile } from '@udm/backend-tfjs';
import { classMeans, fixedDataKind, fractionNearest } from '@udm/testing';
import { defaultModules } from '../api/default-modules.js';
import { trainRun } from '../api/train-run.js';
import { checkpointModelsModule } from '../checkpoint/checkpoint-models.js';
import { runUdm } from '../test-support/run-udm.js';
import { udmTrain } from '../test-support/udm-train.js';

await tf.setBackend('cpu');
await tf.ready();

const dir = mkdtempSync(join(tmpdir(), 'udm-classifier-guidance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Plugin data kinds (as a user would write them): labelled random points with 3 classes in 2 dims, 8 in 3 dims. */
function labelledPoints(kind: string, classes: number, dim: number) {
  return fixedDataKind(kind, 'labelled random points (test)', (seed) => {
    const set = (n: number) => {
      const rng = new SeededRng(seed);
      const points = Float32Array.from({ length: n * dim }, () => 2 * rng.uniform() - 1);
      return new ArrayDataset(
        points,
        [dim],
        Int32Array.from({ length: n }, (_, i) => i % classes),
        classes,
      );
    };
    return { train: set(64), heldOut: set(16) };
  });
}
const plugins = [
  ...defaultModules(),
  new ContainerModule(({ bind }) => {
    bind(TOKENS.Dataset).toConstantValue(labelledPoints('test-three-classes', 3, 2));
    bind(TOKENS.Dataset).toConstantValue(labelledPoints('test-3d-points', 8, 3));
  }),
];

const ve = { kind: 've', sigmaMax: 5 };
const labelled = { kind: 'eight-gaussians', n: 2000, heldOut: 256, labelled: true };
const sample = { step: { kind: 'ddim' }, grid: { kind: 'linspace' }, steps: 40, count: 256 };
const train = (steps: number, objective?: string) => ({
  steps,
  batchSize: 128,
  ema: 0,
  checkpointEvery: steps,
  optimizer: { kind: 'adam', learningRate: 0.005 },
  ...(objective ? { objective: { kind: objective } } : {}),
});
const mlp = { kind: 'mlp', hidden: [64, 64], timeEmbedding: 16 };
/** A noisy classifier p_φ(y | x_t, t) of `data` under `process`. */
const classifierConfig = (steps: number, data: object = labelled, process: object = ve, classes = 8) => ({
  seed: 1,
  data,
  process,
  network: mlp,
  posterior: { kind: 'noisy-classifier', classes },
  train: train(steps, 'noisy-classifier'),
  sample,
});

interface SampleOut {
  readonly record: { readonly guidance: unknown; readonly labels: unknown };
  readonly files: { readonly samples: string };
}

async function udmSample(run: string, ...args: string[]): Promise<{ out: SampleOut; x0: Float32Array }> {
  const { stdout } = await runUdm('--backend', 'cpu', '--json', 'sample', run, '--seed', '1', ...args);
  const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as SampleOut;
  const file = await loadSafetensorsFile(out.files.samples);
  return { out, x0: Float32Array.from(file.tensors.x0!.data as Float32Array) };
}

/** The mean of each of the 8 components, from the labelled training points. */
function componentMeans(): number[][] {
  const udm = createUdm(classifierConfig(1), plugins);
  try {
    const set = udm.data.train;
    const batch = set.gather(Int32Array.from({ length: set.size }, (_, i) => i));
    const means = classMeans(batch.x0.dataSync(), batch.labels!.dataSync(), 8, 2);
    tf.dispose([batch.x0, batch.labels!]);
    return means;
  } finally {
    udm.dispose();
  }
}

let classifier = '';
let model = '';
beforeAll(async () => {
  classifier = await udmTrain(dir, classifierConfig(400), 'classifier');
  // an unconditional ε-model whose config samples with classifier guidance toward component 3
  model = await udmTrain(
    dir,
    {
      seed: 1,
      data: { kind: 'eight-gaussians', n: 2000, heldOut: 256 },
      process: ve,
      network: mlp,
      posterior: { kind: 'epsilon' },
      train: train(400),
      sample: { ...sample, labels: 3, guidance: { kind: 'classifier', classifier, scale: 2 } },
    },
    'model',
  );
}, 300_000);

describe('sample.guidance.kind "classifier" from the config and the CLI (udm train, udm sample, udm eval)', () => {
  it('guides an unconditional model toward the label: the fraction near component 3 rises far above unguided', async () => {
    // udm train copied the classifier into the run; the run's config names the copy (relative to the run)
    const recorded = JSON.parse(readFileSync(join(model, 'config.json'), 'utf8')) as {
      sample: { guidance: { classifier: string } };
    };
    expect(recorded.sample.guidance.classifier).toBe(
      'inputs/sample.guidance.classifier/checkpoint.safetensors',
    );
    expect(existsSync(join(model, recorded.sample.guidance.classifier))).toBe(true);

    const means = componentMeans();
    const guided = await udmSample(model);
    const unguided = await udmSample(model, '--classifier', classifier, '--guidance', '0');
    const f2 = fractionNearest(guided.x0, means, 3);
    const f0 = fractionNearest(unguided.x0, means, 3);
    console.log(
      `udm sample --label 3, classifier guidance: fraction near component 3 ${f0} (s = 0), ${f2} (s = 2)`,
    );
    expect(f0).toBeGreaterThan(0.03);
    expect(f0).toBeLessThan(0.25);
    expect(f2).toBeGreaterThan(0.8);
    expect(guided.out.record).toMatchObject({
      labels: 3,
      guidance: {
        kind: 'classifier',
        classifier: 'inputs/sample.guidance.classifier/checkpoint.safetensors',
        scale: 2,
      },
    });
    expect(unguided.out.record.guidance).toEqual({
      kind: 'classifier',
      classifier,
      scale: 0,
      model: 'conditional',
    });

    // another label from the command line, the classifier named by the user (a path outside the model's run)
    const five = await udmSample(model, '--label', '5', '--classifier', classifier, '--guidance', '2');
    expect(fractionNearest(five.x0, means, 5)).toBeGreaterThan(0.8);

    const { stdout } = await runUdm(
      ...['--backend', 'cpu', '--json', 'eval', model, '--only', 'point-distance', '--count', '64'],
      ...['--steps', '5', '--label', '1', '--classifier', classifier, '--guidance', '1'],
    );
    const evaluated = JSON.parse(stdout.trim().split('\n').at(-1)!) as { sampling: { guidance: unknown } };
    expect(evaluated.sampling.guidance).toEqual({
      kind: 'classifier',
      classifier,
      scale: 1,
      model: 'conditional',
    });
  }, 300_000);

  it('bad classifiers and labels are errors naming the field', async () => {
    await expect(udmSample(model, '--classifier', join(dir, 'no-such-run'))).rejects.toThrow(
      /sample\.guidance\.classifier: no such file .*no-such-run/,
    );
    await expect(udmSample(model, '--classifier', model)).rejects.toThrow(
      /sample\.guidance\.classifier: .* is not a noisy classifier \(its posterior\.kind is "epsilon"/,
    );
    await expect(udmSample(model, '--label', '8', '--classifier', classifier)).rejects.toThrow(
      /labels \(--label\): expected a class label in 0\.\.7 \(the data have 8 classes\), got 8/,
    );
    await expect(
      udmSample(model, '--classifier', classifier, '--guidance', '{"kind":"classifier-free","scale":1}'),
    ).rejects.toThrow(/--classifier: give its scale as --guidance <s>/);
    await expect(
      udmSample(model, '--guidance', `{"kind":"classifier","classifier":"${classifier}","scale":"big"}`),
    ).rejects.toThrow(/sample\.guidance\.scale|guidance \(--guidance\)\.scale/);
  }, 120_000);
});

describe('classifier guidance built in code (createUdm and a plugin data kind)', () => {
  /** A tiny noisy classifier run (2 steps: only its config and shapes matter here). */
  async function tinyClassifier(
    name: string,
    data: object,
    process: object,
    classes: number,
  ): Promise<string> {
    const config = {
      ...classifierConfig(2, data, process, classes),
      network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
    };
    const r = await trainRun({ config, modules: plugins, outDir: dir, name, progress: 'quiet' });
    r.udm.dispose();
    return r.runDir;
  }

  it('checks classes, data shape and process against the model, and needs checkpoint access', async () => {
    const three = await tinyClassifier('three', { kind: 'test-three-classes' }, ve, 3);
    const wide = await tinyClassifier('wide', { kind: 'test-3d-points' }, ve, 8);
    const vp = await tinyClassifier('vp', labelled, { kind: 'vp-continuous' }, 8);
    const modelConfig = (
      guidance: object,
      data: object = { kind: 'eight-gaussians', n: 64, heldOut: 16 },
    ) => ({
      seed: 2,
      data,
      process: ve,
      network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
      posterior: { kind: 'epsilon' },
      train: { steps: 1, batchSize: 8 },
      sample: {
        step: { kind: 'ddim' },
        steps: 3,
        count: 8,
        labels: 1,
        guidance: { kind: 'classifier', scale: 1, ...guidance },
      },
    });
    const access = [...plugins, checkpointModelsModule(plugins)];
    expect(() => createUdm(modelConfig({ classifier: three }, labelled), access)).toThrow(
      /sample\.guidance\.classifier: .* has 3 classes, the model's data have 8/,
    );
    expect(() => createUdm(modelConfig({ classifier: wide }), access)).toThrow(
      /sample\.guidance\.classifier: .* classifies items of shape \[3\], the model samples \[2\]/,
    );
    expect(() => createUdm(modelConfig({ classifier: vp }), access)).toThrow(
      /sample\.guidance\.classifier: .* was trained under process \{"kind":"vp-continuous".*the model samples under \{"kind":"ve"/,
    );
    expect(() => createUdm(modelConfig({ classifier: vp }), plugins)).toThrow(
      /sample\.guidance\.classifier: reading the classifier's checkpoint needs the application's checkpoint access/,
    );
    // a classifier with 3 classes guides an unconditional model: labels are checked against its classes
    expect(() =>
      createUdm(
        {
          ...modelConfig({ classifier: three }),
          sample: { ...modelConfig({ classifier: three }).sample, labels: 3 },
        },
        access,
      ),
    ).toThrow(/sample\.labels: expected a class label in 0\.\.2 \(the data have 3 classes\), got 3/);
    const before = tf.memory().numTensors;
    const udm = createUdm(modelConfig({ classifier: three }), access);
    const { x0 } = udm.sample({ count: 8 });
    expect(x0.shape).toEqual([8, 2]);
    x0.dispose();
    udm
      .sample({ count: 4, labels: [0, 1, 2, 0], guidance: { kind: 'classifier', classifier: three } })
      .x0.dispose();
    udm.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
