import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSafetensorsPortable } from '@udm/backend-tfjs/browser';
import { createUdm, type TrainingState } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-file.js';
import { decodeCheckpoint } from './decode-checkpoint.js';
import { encodeCheckpoint } from './encode-checkpoint.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-encode-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = {
  seed: 3,
  data: { kind: 'two-moons', n: 200, heldOut: 50 },
  process: { kind: 'vp', T: 50 },
  network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
  posterior: { kind: 'epsilon' },
  train: { steps: 3, batchSize: 8, ema: 0.9, checkpointEvery: 3 },
  sample: { step: { kind: 'ddim' }, steps: 2, count: 4 },
};

describe('encodeCheckpoint (browser-safe)', () => {
  it('gives the bytes saveCheckpoint writes, which loadCheckpoint reads back', async () => {
    await tf.setBackend('cpu');
    const udm = createUdm(config, defaultModules());
    const file = join(dir, 'checkpoint.safetensors');
    let bytes: Uint8Array | undefined;
    try {
      await udm.train({
        checkpoint: {
          save: async (state: TrainingState) => {
            bytes = await encodeCheckpoint(state, udm.config);
            await saveCheckpoint(file, state, udm.config);
          },
        },
      });
    } finally {
      udm.dispose();
    }
    expect(bytes).toBeDefined();
    expect(bytes!).toEqual(new Uint8Array(readFileSync(file)));
    const loaded = decodeCheckpoint(decodeSafetensorsPortable(bytes!), 'in memory');
    loaded.dispose();
    expect(loaded.meta.step).toBe(3);
    expect(loaded.meta.emaUpdates).toBe(3);
    expect(loaded.config).toEqual(udm.config);
    const fromFile = await loadCheckpoint(file);
    fromFile.dispose();
    expect(fromFile.meta).toEqual(loaded.meta);
  });
});
