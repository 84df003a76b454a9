import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@udm/backend-tfjs';
import { trainRun } from '../api/train-run.js';
import { loadCheckpoint } from './checkpoint-file.js';

interface NativeModule {
  loadAddon(): { ok: true } | { ok: false; reason: string };
  uninstallNativeWasmKernels(): void;
}

// As the backend loader does: the built package, through Node's resolution.
const native = await import('@udm/backend-native').then(
  (m) => m as unknown as NativeModule,
  () => undefined,
);
const built = native !== undefined && native.loadAddon().ok;

const dir = mkdtempSync(join(tmpdir(), 'udm-ckpt-backend-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  native?.uninstallNativeWasmKernels();
  await tf.setBackend('cpu');
});

const config = {
  seed: 1,
  data: { kind: 'two-moons', n: 200, heldOut: 50 },
  process: { kind: 'vp', T: 50 },
  network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
  posterior: { kind: 'epsilon' },
  train: { steps: 2, batchSize: 8 },
  sample: { step: { kind: 'ddim' }, steps: 2, count: 4 },
};

async function recordedBackend(): Promise<string> {
  const run = await trainRun({ config, outDir: dir, progress: 'quiet' });
  run.udm.dispose();
  const c = await loadCheckpoint(run.checkpoint);
  c.dispose();
  return c.meta.backend;
}

describe('the backend a checkpoint records', () => {
  it('is the one selected, by our name', async () => {
    await selectBackend({ prefer: 'wasm', log: () => undefined });
    expect(await recordedBackend()).toBe('wasm');
  });

  it.skipIf(!built)(
    'is native after a native run, not the wasm tfjs knows it by (skipped where the addon is not built)',
    async () => {
      await selectBackend({ prefer: 'native', log: () => undefined });
      expect(tf.getBackend()).toBe('wasm');
      expect(await recordedBackend()).toBe('native');
    },
  );
});
