import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ArrayDataset,
  ConfigError,
  contribution,
  createUdm,
  literal,
  positiveInt,
  required,
  SeededRng,
  struct,
  TOKENS,
  withDefault,
} from '@udm/core';
import { Autoencoder } from '@udm/nets';
import { autoencoderRun } from '../api/autoencoder-run.js';
import { defaultModules } from '../api/default-modules.js';
import { sampleRun } from '../api/sample-run.js';
import { trainRun } from '../api/train-run.js';
import { loadAutoencoder, saveAutoencoder } from './autoencoder-checkpoint.js';
import { decodeAutoencoderRunConfig } from './autoencoder-config.js';

await tf.setBackend('cpu');
await tf.ready();

const dir = mkdtempSync(join(tmpdir(), 'udm-latent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 8×8 grey images in [−1, 1]: one Gaussian blob each, at a random place. */
const blobs = contribution({
  kind: 'blobs',
  description: 'test data: 8×8×1 blobs',
  codec: struct('blobs data', { kind: required(literal('blobs')), n: withDefault(positiveInt, 48) }),
  create: (c) => {
    const make = (n: number, seed: number) => {
      const rng = new SeededRng(seed);
      const x = new Float32Array(n * 64);
      for (let i = 0; i < n; i++) {
        const [cy, cx] = [1 + 6 * rng.uniform(), 1 + 6 * rng.uniform()];
        for (let y = 0; y < 8; y++)
          for (let xx = 0; xx < 8; xx++)
            x[i * 64 + y * 8 + xx] = 2 * Math.exp(-((y - cy) ** 2 + (xx - cx) ** 2) / 4) - 1;
      }
      return new ArrayDataset(x, [8, 8, 1]);
    };
    return { train: make(c.n, 1), heldOut: make(16, 2) };
  },
});

const modules = [
  ...defaultModules(),
  new ContainerModule(({ bind }) => {
    bind(TOKENS.Dataset).toConstantValue(blobs);
  }),
];

const aeConfig = {
  seed: 1,
  data: { kind: 'blobs' },
  autoencoder: { channels: [4, 4, 4], latent: 3, groups: 2 },
  train: { steps: 4, batchSize: 8, learningRate: 0.01, latentNoise: 0.1, latentPenalty: 0.01 },
};

const diffusion = {
  process: { kind: 'vp', T: 20 },
  network: { kind: 'mlp', hidden: [16], timeEmbedding: 8 },
  posterior: { kind: 'epsilon' },
  train: { steps: 3, batchSize: 8, checkpointEvery: 3 },
  sample: { step: { kind: 'ddim', eta: 0, clipSample: false }, steps: 3, count: 6 },
};

function messages(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('udm autoencoder config', () => {
  it('names every bad field', () => {
    const bad = {
      seed: -1,
      data: { kind: 'nope' },
      autoencoder: { channels: [4, 4], latent: 0 },
      train: { learningRate: 0 },
    };
    const m = messages(() => decodeAutoencoderRunConfig(bad, modules));
    expect(m).toMatch(/seed/);
    expect(m).toMatch(/data\.kind/);
    expect(m).toMatch(/autoencoder\.channels/);
    expect(m).toMatch(/autoencoder\.latent/);
    expect(m).toMatch(/train\.steps: missing required field/);
    expect(m).toMatch(/train\.learningRate/);
    expect(
      messages(() =>
        decodeAutoencoderRunConfig(
          {
            ...aeConfig,
            autoencoder: { channels: [4, 4, 4, 4], latent: 2 },
            train: { steps: 1, klWeight: 0.1 },
          },
          modules,
        ),
      ),
    ).toMatch(
      /autoencoder\.channels: expected exactly three[\s\S]*train\.klWeight: a KL term needs a variational/,
    );
  });

  it('rejects data that are not images', async () => {
    await expect(
      autoencoderRun({
        config: { ...aeConfig, data: { kind: 'two-moons' } },
        outDir: dir,
        modules,
        progress: 'quiet',
      }),
    ).rejects.toThrow(/data: the autoencoder needs images/);
  });
});

describe('autoencoder checkpoint', () => {
  it('round-trips the weights of a variational autoencoder and rejects a file of another kind', async () => {
    const ae = new Autoencoder(
      { itemShape: [8, 8, 1], channels: [4, 4, 4], latent: 2, groups: 2, variational: true },
      new SeededRng(5),
    );
    const file = join(dir, 'ae.safetensors');
    await saveAutoencoder(file, ae, { config: { hello: 1 }, heldOutMse: 0.25 });
    const before = tf.memory().numTensors;
    const loaded = loadAutoencoder(file);
    expect(loaded.autoencoder.variational).toBe(true);
    expect(loaded.config).toEqual({ hello: 1 });
    expect(loaded.heldOutMse).toBe(0.25);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 1);
    const [a, b] = [ae.reconstruct(x), loaded.autoencoder.reconstruct(x)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    loaded.autoencoder.dispose();
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
    expect(() => loadAutoencoder(join(dir, 'missing.safetensors'))).toThrow(/no such file .*missing/);
    writeFileSync(join(dir, 'junk.safetensors'), 'not safetensors');
    expect(() => loadAutoencoder(join(dir, 'junk.safetensors'))).toThrow(/junk\.safetensors: /);
  });
});

describe('data kind latent', () => {
  it('names the bad fields of a latent data config', () => {
    const m = messages(() =>
      createUdm({ ...diffusion, data: { kind: 'latent', autoencoder: '', sha256: 'x' } }, modules),
    );
    expect(m).toMatch(/data\.autoencoder: expected a file path/);
    expect(m).toMatch(/data\.sha256: expected a SHA-256/);
    expect(m).toMatch(/data\.source: missing required field/);
    expect(
      messages(() =>
        createUdm(
          {
            ...diffusion,
            data: { kind: 'latent', autoencoder: join(dir, 'none'), source: { kind: 'blobs' } },
          },
          modules,
        ),
      ),
    ).toMatch(/data\.autoencoder: no such file .*none/);
  });

  it('trains an autoencoder, a latent model on it, and samples decoded images through the CLI API', async () => {
    const before = tf.memory().numTensors;
    const ae = await autoencoderRun({
      config: aeConfig,
      runDir: join(dir, 'ae'),
      modules,
      progress: 'quiet',
    });
    expect(ae.runDir).toBe(join(dir, 'ae'));
    await expect(
      autoencoderRun({ config: aeConfig, runDir: join(dir, 'ae'), modules, progress: 'quiet' }),
    ).rejects.toThrow(/runDir: .* exists and is not an empty directory/);
    expect(ae.heldOutMse).toBeGreaterThan(0);
    expect(Number.isFinite(ae.heldOutMse)).toBe(true);
    expect(existsSync(ae.checkpoint)).toBe(true);
    expect(JSON.parse(readFileSync(join(ae.runDir, 'results.json'), 'utf8')).heldOutMse).toBe(ae.heldOutMse);
    expect(PNG.sync.read(readFileSync(ae.reconstructions!)).width).toBeGreaterThan(0);

    const source = { kind: 'blobs' };
    // a bad source field, a wrong pin and a source of another shape are named
    expect(
      messages(() =>
        createUdm(
          { ...diffusion, data: { kind: 'latent', autoencoder: ae.runDir, source: { kind: 'blobs', n: 0 } } },
          modules,
        ),
      ),
    ).toMatch(/data\.source\.n: expected a positive integer/);
    expect(
      messages(() =>
        createUdm(
          { ...diffusion, data: { kind: 'latent', autoencoder: ae.runDir, sha256: '0'.repeat(64), source } },
          modules,
        ),
      ),
    ).toMatch(/data\.sha256: the autoencoder .* has SHA-256 [0-9a-f]{64}, expected 0{64}/);
    expect(
      messages(() =>
        createUdm(
          {
            ...diffusion,
            data: {
              kind: 'latent',
              autoencoder: ae.runDir,
              source: { kind: 'mnist', train: 10, heldOut: 5 },
            },
          },
          modules,
        ),
      ),
    ).toMatch(
      /data\.source: items of shape \[28, 28, 1\], but the autoencoder .* was trained on \[8, 8, 1\]/,
    );

    // a path relative to the working directory is recorded absolutely
    const config = {
      ...diffusion,
      data: {
        kind: 'latent',
        autoencoder: relative(process.cwd(), ae.checkpoint),
        sha256: ae.sha256,
        source,
      },
    };
    const trained = await trainRun({ config, outDir: dir, modules, progress: 'quiet', checkMemory: false });
    trained.udm.dispose();
    const recorded = JSON.parse(readFileSync(join(trained.runDir, 'config.json'), 'utf8')) as {
      data: { autoencoder: string };
    };
    expect(recorded.data.autoencoder).toBe(ae.checkpoint);

    const sampled = await sampleRun({
      checkpoint: trained.runDir,
      modules,
      progress: 'quiet',
      checkMemory: false,
    });
    expect(sampled.shape).toEqual([6, 3]);
    expect(sampled.decoded!.shape).toEqual([6, 8, 8, 1]);
    expect(sampled.decoded!.samples.every(Number.isFinite)).toBe(true);
    expect(sampled.files.decoded).toBe(join(trained.runDir, 'samples-ddim-3-decoded.png'));
    const png = PNG.sync.read(readFileSync(sampled.files.decoded!));
    expect([png.width, png.height]).toEqual([2 + 3 * (16 + 2), 2 + 2 * (16 + 2)]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
