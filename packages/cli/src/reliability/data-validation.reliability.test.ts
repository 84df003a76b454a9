import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArrayDataset,
  contribution,
  createContainer,
  DataError,
  decodeOrThrow,
  literal,
  oneOf,
  registriesOf,
  required,
  SeededRng,
  struct,
  TOKENS,
  validateDataset,
  type DataBatch,
  type Dataset,
  type DataSplit,
} from '@udm/core';
import { CharTokenizer, TokenDataset } from '@udm/data';
import { Autoencoder, saveAutoencoder } from '@udm/latent';
import { defaultModules } from '../api/default-modules.js';
import { trainRun } from '../api/train-run.js';
import { exampleOf, sectionsOf } from './buildable.js';
import { tinyConfig } from './support.js';

/**
 * Bad data is reported clearly before training starts: the trainer's preconditions hold for every registered data
 * set, and a test plugin's defective data sets (NaN, out-of-range images, wrong shapes, empty, labels out of range,
 * text outside the vocabulary, batches that break the promised shape) fail with messages that say what and where.
 */
const dir = mkdtempSync(join(tmpdir(), 'udm-data-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A data set whose `gather` misbehaves (a stream that turns bad after it was checked, say). */
class LazyData implements Dataset {
  constructor(
    readonly itemShape: readonly number[],
    readonly size: number,
    private readonly make: (n: number) => tf.Tensor,
  ) {}
  gather(indices: Int32Array): DataBatch {
    return { x0: this.make(indices.length) };
  }
  toArray(): Float32Array {
    return new Float32Array(this.size * this.itemShape.reduce((a, b) => a * b, 1));
  }
}

const image = (n: number, fill: (i: number) => number) =>
  Float32Array.from({ length: n * 4 * 4 }, (_, i) => fill(i));
const defects: Record<string, () => Dataset> = {
  nan: () =>
    new ArrayDataset(
      image(8, (i) => (i === 37 ? NaN : 0.5)),
      [4, 4, 1],
    ),
  range: () =>
    new ArrayDataset(
      image(8, (i) => (i === 21 ? 255 : 0.1)),
      [4, 4, 1],
      undefined,
      undefined,
      { range: [-1, 1] },
    ),
  shape: () => new ArrayDataset(new Float32Array(15), [4, 4, 1]),
  emptyArray: () => new ArrayDataset(new Float32Array(0), [4, 4, 1]),
  labels: () =>
    new ArrayDataset(
      image(3, () => 0),
      [4, 4, 1],
      Int32Array.from([0, 10, 2]),
      10,
    ),
  text: () => TokenDataset.fromTexts(['hello', 'héllo'], new CharTokenizer(['e', 'h', 'l', 'o']), 8),
  empty: () => new LazyData([2], 0, (n) => tf.zeros([n, 2])),
  batchShape: () => new LazyData([2], 100, (n) => tf.zeros([n, 3])),
  nanBatch: () => new LazyData([2], 100, (n) => tf.fill([n, 2], NaN)),
};

const badData = contribution({
  kind: 'bad-data',
  description: 'test data sets with one defect each',
  codec: struct('bad-data data', {
    kind: required(literal('bad-data')),
    defect: required(oneOf(Object.keys(defects))),
  }),
  create: (c): DataSplit => {
    const d = defects[c.defect]!();
    return { train: d, heldOut: d };
  },
});
const badDataModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Dataset).toConstantValue(badData);
});

async function trainOn(defect: string, name: string): Promise<{ error: Error; steps: number }> {
  let steps = 0;
  const error = await trainRun({
    config: tinyConfig({ data: { kind: 'bad-data', defect }, train: { steps: 4, checkpointEvery: 1 } }),
    modules: [...defaultModules(), badDataModule],
    outDir: dir,
    name,
    progress: 'quiet',
    onStep: () => steps++,
  }).then(
    (r) => {
      r.udm.dispose();
      return undefined;
    },
    (e: unknown) => e as Error,
  );
  expect(error, `${defect}: expected training to fail`).toBeInstanceOf(Error);
  return { error: error!, steps };
}

describe('data validation before training', () => {
  it('every registered data set meets the trainer’s preconditions (shape, size, finite values)', async () => {
    const r = registriesOf(createContainer(defaultModules()));
    const data = sectionsOf(r).find((s) => s.path === 'data')!;
    // Kinds built from a file another command writes get that file here (a tiny untrained autoencoder).
    const aeFile = join(dir, 'autoencoder.safetensors');
    const ae = new Autoencoder(
      { itemShape: [28, 28, 1], channels: [4, 4, 4], latent: 2, groups: 2 },
      new SeededRng(4),
    );
    await saveAutoencoder(aeFile, ae, { config: {}, heldOutMse: 0 });
    ae.dispose();
    const fileBacked: Readonly<Record<string, unknown>> = {
      latent: { kind: 'latent', autoencoder: aeFile, source: { kind: 'mnist', train: 64, heldOut: 16 } },
    };
    const dataFrom = (raw: unknown, at: string): DataSplit =>
      r.datasets.create(decodeOrThrow(r.datasets.codec(), raw, at), { seed: 3, dataFrom });
    for (const { kind } of r.datasets.entries) {
      const config = r.datasets.codec().decode(fileBacked[kind] ?? exampleOf(data, kind)!.value);
      if (config._tag !== 'Right') throw new Error(`data/${kind}: example does not decode`);
      const split = r.datasets.create(config.right, { seed: 3, dataFrom });
      for (const d of [split.train, split.heldOut]) {
        validateDataset(d, `data/${kind}`);
        const batch = d.gather(Int32Array.from([0, d.size - 1, 0]));
        expect(batch.x0.shape, kind).toEqual([3, ...d.itemShape]);
        expect(batch.x0.dataSync().every(Number.isFinite), kind).toBe(true);
        tf.dispose([batch.x0, batch.labels]);
      }
    }
  });

  // Defects a data set's constructor catches: the model is never built, no run directory is created.
  const atBuild: Array<[string, RegExp]> = [
    [
      'nan',
      /^invalid config: data: dataset: value 37 is not finite \(NaN; example 2, position \[1, 1, 0\]\)$/,
    ],
    [
      'range',
      /^invalid config: data: dataset: value 21 \(example 1, position \[1, 1, 0\]\) is 255, outside the expected range \[-1, 1\]$/,
    ],
    ['shape', /data: dataset: 15 values do not split into examples of shape \[4, 4, 1\]/],
    ['emptyArray', /data: dataset: expected at least one example, got an empty dataset/],
    ['labels', /data: dataset: label 1 is 10, outside \[0, 10\) \(classes = 10\)/],
    ['text', /data: tokenizer: unknown character "é" \(U\+00E9\) at position 1 of "héllo"/],
  ];
  for (const [defect, message] of atBuild) {
    it(`${defect}: rejected when the data set is built`, async () => {
      const { error } = await trainOn(defect, defect);
      expect(error.message).toMatch(message);
      expect(readdirSync(dir).filter((d) => d.startsWith(`${defect}-`))).toEqual([]);
    });
  }

  // Defects only the trainer sees: rejected before the first update, nothing checkpointed.
  const atTrain: Array<[string, RegExp]> = [
    ['empty', /^data: the data set is empty \(expected at least one example\)$/],
    [
      'batchShape',
      /^data: a batch of 1 has shape \[1, 3\], expected \[1, 2\] \(batch size, then the data set’s item shape\)$/,
    ],
    [
      'nanBatch',
      /^data: the batch of step 1 holds a non-finite value \(NaN at example 0, coordinate 0 of the batch\)/,
    ],
  ];
  for (const [defect, message] of atTrain) {
    it(`${defect}: rejected by the trainer before the first update`, async () => {
      const { error, steps } = await trainOn(defect, defect);
      expect(error).toBeInstanceOf(DataError);
      expect(error.message).toMatch(message);
      expect(steps).toBe(0);
      // nothing was trained: no run directory is left holding only its config (issue 20)
      expect(readdirSync(dir).filter((d) => d.startsWith(`${defect}-`))).toEqual([]);
    });
  }
});
