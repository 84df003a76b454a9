import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createUdm } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { sampleRun } from '../api/sample-run.js';
import { runUdm } from '../test-support/run-udm.js';

await tf.setBackend('cpu');
await tf.ready();

const dir = mkdtempSync(join(tmpdir(), 'udm-samplers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (sampler?: unknown) => ({
  seed: 2,
  data: { kind: 'two-moons', n: 200, heldOut: 100 },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'mlp', hidden: [16], timeEmbedding: 8 },
  posterior: { kind: 'epsilon' },
  sample: { ...(sampler ? { sampler } : {}), step: { kind: 'ddim' }, steps: 6, count: 50 },
});

describe('samplers in the CLI', () => {
  it('`udm list` shows the sample.sampler section with core’s and the Gaussian plugin’s kinds', async () => {
    const json = JSON.parse((await runUdm('--json', 'list')).stdout) as Array<{
      section: string;
      kinds: Array<{ kind: string }>;
    }>;
    const samplers = json.find((s) => s.section === 'sample.sampler');
    expect(samplers?.kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['ancestral', 'euler', 'heun', 'dpmpp-2m']),
    );
  });

  it('sampleRun draws with the config’s sampler or an override, and names the files after it', async () => {
    const udm = createUdm(config({ kind: 'dpmpp-2m' }), defaultModules());
    try {
      const a = await sampleRun({ udm, outDir: dir, progress: 'quiet', checkMemory: false });
      expect(a.sampler).toEqual({ kind: 'dpmpp-2m' });
      expect(a.shape).toEqual([50, 2]);
      expect(a.files.samples).toMatch(/samples-dpmpp-2m-6\.safetensors$/);
      const b = await sampleRun({
        udm,
        outDir: dir,
        sampler: { kind: 'heun' },
        progress: 'quiet',
        checkMemory: false,
      });
      expect(b.files.samples).toMatch(/samples-heun-6\.safetensors$/);
      expect(existsSync(b.files.metrics)).toBe(true);
      expect(Array.from(b.samples).every(Number.isFinite)).toBe(true);
      await expect(
        sampleRun({ udm, outDir: dir, sampler: { kind: 'rk4' }, progress: 'quiet', checkMemory: false }),
      ).rejects.toThrow(
        /sample\.sampler\.kind: expected one of "ancestral", "dpmpp-2m", .*"euler", .*"heun".*got "rk4"/,
      );
    } finally {
      udm.dispose();
    }
  });
});
