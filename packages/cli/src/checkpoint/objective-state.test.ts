import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-file.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-objective-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('a checkpoint keeps the training objective’s state', () => {
  it('JSON state in the metadata and objective.<name> tensors come back as written', async () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2]), true, 'w-objective-state'));
    const history = tf.tensor2d([0.5, 1.5, 2.5, 3.5], [2, 2]);
    const path = join(dir, 'checkpoint.safetensors');
    await saveCheckpoint(
      path,
      {
        step: 7,
        params: new Map([['w', w]]),
        optimizer: [],
        rng: new SeededRng(1).getState(),
        objective: { json: { counts: [3, 4], warmedUp: false }, tensors: new Map([['history', history]]) },
        loss: 0.25,
      },
      { seed: 0 },
    );
    const loaded = await loadCheckpoint(path);
    expect(loaded.snapshot.objective?.json).toEqual({ counts: [3, 4], warmedUp: false });
    const h = loaded.snapshot.objective?.tensors?.get('history');
    expect(h?.shape).toEqual([2, 2]);
    expect(Array.from(h!.dataSync())).toEqual([0.5, 1.5, 2.5, 3.5]);
    // Without objective state, the snapshot has none.
    const plain = join(dir, 'plain.safetensors');
    await saveCheckpoint(
      plain,
      { step: 1, params: new Map([['w', w]]), optimizer: [], rng: new SeededRng(1).getState(), loss: 1 },
      {},
    );
    const loadedPlain = await loadCheckpoint(plain);
    expect(loadedPlain.snapshot.objective).toBeUndefined();
    loaded.dispose();
    loadedPlain.dispose();
    tf.dispose([w, history]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
