import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { Autoencoder } from './autoencoder.js';
import { loadAutoencoder, saveAutoencoder } from './autoencoder-checkpoint.js';

await tf.setBackend('cpu');
await tf.ready();

const dir = mkdtempSync(join(tmpdir(), 'udm-autoencoder-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
