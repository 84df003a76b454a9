import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { defaultModules } from '@udm/cli';
import { decodeAutoencoderRunConfig } from '@udm/latent';
import { ConfigError, resolveConfig } from '@udm/core';
import { decodeLatentConfig, defaultConfig } from '../src/latent-config.js';
import { runMnistLatent } from '../src/run-mnist-latent.js';

/**
 * The example's pipeline end to end on wasm at tiny sizes (the real run is by hand, see the README): autoencoder
 * training, encoding, latent diffusion training and DDIM sampling through createUdm, decoding, scoring, figures.
 */
describe('mnist-latent pipeline (smoke)', () => {
  const out = mkdtempSync(join(tmpdir(), 'udm-mnist-latent-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('trains the autoencoder and the latent model, samples, decodes, scores and writes its figures', async () => {
    await selectBackend({ prefer: 'wasm', log: () => undefined });
    const config = defaultConfig() as { diffusion: Record<string, unknown> };
    const before = tf.memory().numTensors;
    const r = await runMnistLatent({
      config: {
        ...config,
        data: { kind: 'mnist', train: 600, heldOut: 100 },
        autoencoder: { channels: [4, 8, 8], latent: 4, groups: 4, steps: 3, batchSize: 8 },
        diffusion: {
          ...config.diffusion,
          network: { kind: 'mlp', hidden: [16], timeEmbedding: 8 },
          train: { steps: 3, batchSize: 16 },
          sample: { step: { kind: 'ddim', eta: 0 }, grid: { kind: 'trailing' }, steps: 3, count: 12 },
        },
      },
      outDir: out,
      verbose: false,
      classifierSteps: 150,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.autoencoder.steps).toBe(3);
    expect(r.diffusion.steps).toBe(3);
    expect(Number.isFinite(r.autoencoder.heldOutMse) && r.autoencoder.heldOutMse > 0).toBe(true);
    expect(r.autoencoder.scaling.scale).toHaveLength(4);
    expect(Math.min(...r.autoencoder.scaling.scale)).toBeGreaterThan(0);
    expect(r.samples.histogram.reduce((a, b) => a + b, 0)).toBe(12);
    expect(Number.isFinite(r.samples.frechet)).toBe(true);
    for (const f of [r.samples.figure, r.reconstructionFigure, join(r.runDir, 'results.json')])
      expect(existsSync(f), f).toBe(true);
    expect(r.classifierAccuracy).toBeGreaterThan(0.5);
  }, 120_000);

  it('rejects a diffusion config that sets seed or data, naming the field', () => {
    const config = defaultConfig() as { diffusion: Record<string, unknown> };
    expect(() =>
      decodeLatentConfig({ ...config, diffusion: { ...config.diffusion, data: { kind: 'mnist' } } }),
    ).toThrow(/diffusion\.data/);
    expect(() => decodeLatentConfig({ ...config, autoencoder: { latent: 4 } })).toThrow(ConfigError);
  });
});

describe('mnist-latent CLI configs', () => {
  it('the configs under cli/ are valid udm configs', () => {
    const read = (name: string): unknown =>
      JSON.parse(readFileSync(new URL(`../cli/${name}`, import.meta.url), 'utf8')) as unknown;
    for (const [ae, latent, dir] of [
      ['autoencoder.json', 'latent.json', 'mnist-autoencoder'],
      ['autoencoder-spatial.json', 'latent-spatial.json', 'mnist-autoencoder-spatial'],
    ] as const) {
      expect(decodeAutoencoderRunConfig(read(ae), defaultModules()).data.kind).toBe('mnist');
      const resolved = resolveConfig(read(latent), defaultModules());
      expect(resolved.data.kind).toBe('latent');
      expect((resolved.data as unknown as { autoencoder: string }).autoencoder.endsWith(`runs/${dir}`)).toBe(
        true,
      );
    }
  });
});
