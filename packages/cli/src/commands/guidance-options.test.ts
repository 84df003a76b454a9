import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUdm } from '@udm/core';
import { loadSafetensorsFile } from '@udm/backend-tfjs';
import { defaultModules } from '../api/default-modules.js';
import { runUdm } from '../test-support/run-udm.js';
import { udmTrain } from '../test-support/udm-train.js';

await tf.setBackend('cpu');
await tf.ready();

const dir = mkdtempSync(join(tmpdir(), 'udm-guidance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny class-conditional model: 8 labelled Gaussians, an MLP with a label embedding, label dropout 0.2. */
const conditional = {
  seed: 3,
  data: { kind: 'eight-gaussians', n: 400, heldOut: 100, labelled: true },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'mlp', hidden: [32], timeEmbedding: 8, labelEmbedding: 4 },
  posterior: { kind: 'epsilon', labelDropout: 0.2 },
  train: { steps: 20, batchSize: 64, ema: 0, checkpointEvery: 20 },
  sample: { step: { kind: 'ddim' }, steps: 5, count: 40 },
};
const unconditional = {
  ...conditional,
  data: { kind: 'eight-gaussians', n: 400, heldOut: 100 },
  network: { kind: 'mlp', hidden: [32], timeEmbedding: 8 },
  posterior: { kind: 'epsilon' },
};

const train = (config: unknown, name: string) => udmTrain(dir, config, name);

interface SampleOut {
  readonly record: { readonly guidance: unknown; readonly labels: unknown };
  readonly metricsClass?: number;
  readonly metrics?: { readonly reference: { readonly slicedWasserstein: number } };
  readonly files: { readonly samples: string; readonly metrics: string };
}

async function sample(run: string, ...args: string[]): Promise<{ out: SampleOut; x0: Float32Array }> {
  const { stdout } = await runUdm('--backend', 'cpu', '--json', 'sample', run, '--seed', '1', ...args);
  const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as SampleOut;
  const file = await loadSafetensorsFile(out.files.samples);
  return { out, x0: Float32Array.from(file.tensors.x0!.data as Float32Array) };
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

let run = '';
let plain = '';
beforeAll(async () => {
  run = await train(conditional, 'cond');
  plain = await train(unconditional, 'uncond');
});

describe('udm sample --label / --guidance (classifier-free guidance from the CLI)', () => {
  it('`udm list` shows the sample.guidance section with classifier-free', async () => {
    const json = JSON.parse((await runUdm('--json', 'list')).stdout) as Array<{
      section: string;
      kinds: Array<{ kind: string }>;
    }>;
    expect(json.find((s) => s.section === 'sample.guidance')?.kinds.map((k) => k.kind)).toEqual([
      'classifier-free',
      'classifier',
    ]);
  });

  it('w = 1 is the conditional model, w = 0 the unconditional one; w and φ are recorded', async () => {
    const conditionalOnly = await sample(run, '--label', '3');
    const w1 = await sample(run, '--label', '3', '--guidance', '1');
    const w0 = await sample(run, '--label', '3', '--guidance', '0');
    const none = await sample(run);
    // o_u + 1·(o_c − o_u) = o_c and o_u + 0·(o_c − o_u) = o_u (the null label), to float rounding
    expect(maxDifference(w1.x0, conditionalOnly.x0)).toBeLessThan(1e-4);
    expect(maxDifference(w0.x0, none.x0)).toBeLessThan(1e-4);
    expect(maxDifference(conditionalOnly.x0, none.x0)).toBeGreaterThan(1e-3);
    const guided = await sample(run, '--label', '3', '--guidance', '3', '--guidance-rescale', '0.7');
    expect(maxDifference(guided.x0, conditionalOnly.x0)).toBeGreaterThan(1e-3);
    const recorded = { guidance: { kind: 'classifier-free', scale: 3, rescale: 0.7 }, labels: 3 };
    expect(guided.out.record).toMatchObject(recorded);
    expect(JSON.parse(readFileSync(guided.out.files.metrics, 'utf8'))).toMatchObject(recorded);
    const meta = (await loadSafetensorsFile(guided.out.files.samples)).metadata;
    expect(JSON.parse(meta['udm.sample']!)).toMatchObject(recorded);
    expect(none.out.record).toMatchObject({ guidance: null, labels: null });
    // one label for all: the 2-D metrics compare with the held-out points of that class (floor: its training points)
    expect(guided.out.metricsClass).toBe(3);
    expect(none.out.metricsClass).toBeUndefined();
    expect(guided.out.metrics!.reference.slicedWasserstein).not.toBeCloseTo(
      none.out.metrics!.reference.slicedWasserstein,
      3,
    );
  });

  it('one label per sample as a list', async () => {
    const labels = Array.from({ length: 40 }, (_, i) => i % 8);
    const r = await sample(run, '--label', labels.join(','), '--guidance', '2');
    expect(r.out.record.labels).toEqual(labels);
  });

  it('bad labels and guidance are errors naming the option, never ignored', async () => {
    await expect(sample(run, '--label', '8')).rejects.toThrow(
      /labels \(--label\): expected a class label in 0\.\.7 \(the data have 8 classes\), got 8/,
    );
    await expect(sample(run, '--label', '1,2')).rejects.toThrow(
      /labels \(--label\): expected one label per sample \(40\) or a single label for all, got 2 labels/,
    );
    await expect(sample(run, '--label', 'three')).rejects.toThrow(/--label: expected a class label/);
    await expect(sample(run, '--guidance', '3')).rejects.toThrow(
      /sample\.guidance: this guidance needs class labels y; set sample\.labels \(e\.g\. udm sample --label 3\)/,
    );
    await expect(sample(run, '--label', '1', '--guidance', 'strong')).rejects.toThrow(
      /--guidance: expected a scale w/,
    );
    await expect(sample(run, '--label', '1', '--guidance', '{"kind":"nope"}')).rejects.toThrow(
      /guidance \(--guidance\)\.kind: expected one of .*"classifier-free".*got "nope"/,
    );
    await expect(sample(run, '--label', '1', '--guidance-rescale', '0.5')).rejects.toThrow(
      /--guidance-rescale: there is no guidance to rescale/,
    );
    await expect(sample(run, '--label', '1', '--guidance', '2', '--guidance-rescale', '2')).rejects.toThrow(
      /--guidance-rescale: expected a number in \[0, 1\], got 2/,
    );
  });

  it('an unconditional model refuses labels and guidance', async () => {
    await expect(sample(plain, '--label', '0')).rejects.toThrow(
      /labels \(--label\): the model is unconditional \(its data have no class labels\)/,
    );
    await expect(sample(plain, '--guidance', '2')).rejects.toThrow(
      /sample\.guidance\.kind: "classifier-free" needs labelled data .*capability "labelled-data"/,
    );
    // labelled data, a label embedding, but no label dropout: o_u was never trained
    const noDropout = createUdm(
      { ...conditional, posterior: { kind: 'epsilon' }, sample: { ...conditional.sample, labels: 1 } },
      defaultModules(),
    );
    try {
      expect(() => noDropout.sample({ count: 4, guidance: { kind: 'classifier-free', scale: 2 } })).toThrow(
        /needs a network trained with label dropout \(posterior\.labelDropout > 0/,
      );
    } finally {
      noDropout.dispose();
    }
  });

  it('udm eval samples with --label / --guidance and reports them; an unconditional model refuses', async () => {
    const args = ['--only', 'point-distance', '--count', '40', '--steps', '5'];
    const { stdout } = await runUdm(
      '--backend',
      'cpu',
      '--json',
      'eval',
      run,
      ...args,
      '--label',
      '2',
      '--guidance',
      '2',
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      sampling: { guidance: unknown; labels: unknown };
      results: Array<{ values: Record<string, number> }>;
    };
    expect(result.sampling).toMatchObject({ guidance: { kind: 'classifier-free', scale: 2 }, labels: 2 });
    expect(Number.isFinite(result.results[0]!.values.slicedWasserstein)).toBe(true);
    await expect(
      runUdm('--backend', 'cpu', '--json', 'eval', plain, ...args, '--label', '2'),
    ).rejects.toThrow(/--set: .*sample\.labels: the model is unconditional/);
  });
});

describe('sample.labels and sample.guidance in the config', () => {
  it('are checked when the model is built', () => {
    const withSample = (extra: object) => ({ ...conditional, sample: { ...conditional.sample, ...extra } });
    expect(() => createUdm(withSample({ labels: 9 }), defaultModules())).toThrow(
      /sample\.labels: expected a class label in 0\.\.7/,
    );
    expect(() => createUdm(withSample({ labels: [1, -1] }), defaultModules())).toThrow(/sample\.labels/);
    expect(() =>
      createUdm(withSample({ guidance: { kind: 'classifier-free', scale: 2 } }), defaultModules()),
    ).toThrow(/sample\.guidance: this guidance needs class labels/);
    expect(() =>
      createUdm(withSample({ guidance: { kind: 'classifier-free' }, labels: 1 }), defaultModules()),
    ).toThrow(/sample\.guidance\.scale/);
    const udm = createUdm(
      withSample({ guidance: { kind: 'classifier-free', scale: 2, rescale: 0.5 }, labels: 1 }),
      defaultModules(),
    );
    try {
      const before = tf.memory().numTensors;
      const { x0 } = udm.sample({ count: 6 });
      expect(x0.shape).toEqual([6, 2]);
      x0.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(() => udm.sample({ count: 6, labels: [1, 2] })).toThrow(
        /sample\.labels: expected one label per sample \(6\)/,
      );
    } finally {
      udm.dispose();
    }
  });
});
