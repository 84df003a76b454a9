import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSafetensorsFile } from '@udm/backend-tfjs';
import { sampleRun } from './sample-run.js';
import { trainRun } from './train-run.js';

await tf.setBackend('cpu');
await tf.ready();

const dir = mkdtempSync(join(tmpdir(), 'udm-sample-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = {
  seed: 4,
  data: { kind: 'two-moons', n: 300, heldOut: 100 },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
  posterior: { kind: 'epsilon' },
  train: { steps: 3, batchSize: 16, ema: 0.9 },
  sample: { step: { kind: 'ddim' }, grid: { kind: 'leading' }, steps: 4, count: 30 },
};

describe('udm sample outputs', () => {
  it('never overwrite each other, and record every option, the backend and the checkpoint hash', async () => {
    const trained = await trainRun({ config, outDir: dir, progress: 'quiet' });
    trained.udm.dispose();
    const base = { checkpoint: trained.runDir, progress: 'quiet' as const };
    const a = await sampleRun({ ...base, step: { kind: 'ddim', eta: 0 } });
    const b = await sampleRun({
      ...base,
      step: { kind: 'ddim', eta: 1 },
      grid: { kind: 'trailing' },
      seed: 9,
    });
    const c = await sampleRun({ ...base, step: { kind: 'ddim', eta: 0 }, useEma: false });
    const files = [a, b, c].map((r) => r.files.samples);
    expect(new Set(files).size).toBe(3);
    expect(files.map((f) => f.slice(trained.runDir.length + 1))).toEqual([
      'samples-ddim-4.safetensors',
      'samples-ddim-4-2.safetensors',
      'samples-ddim-4-3.safetensors',
    ]);
    for (const r of [a, b, c]) {
      expect(existsSync(r.files.samples) && existsSync(r.files.metrics) && existsSync(r.files.plot!)).toBe(
        true,
      );
    }
    const sha256 = createHash('sha256')
      .update(readFileSync(join(trained.runDir, 'checkpoint.safetensors')))
      .digest('hex');
    const written = JSON.parse(readFileSync(b.files.metrics, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({
      step: { kind: 'ddim', eta: 1 },
      sampler: { kind: 'ancestral' },
      stepUsed: true,
      grid: { kind: 'trailing' },
      steps: 4,
      eta: 1,
      count: 30,
      seed: 9,
      ema: true,
      guidance: null,
      backend: 'cpu',
      checkpoint: { file: join(trained.runDir, 'checkpoint.safetensors'), step: 3, sha256 },
    });
    expect(JSON.parse(readFileSync(c.files.metrics, 'utf8'))).toMatchObject({ ema: false, eta: 0 });
    const saved = await loadSafetensorsFile(b.files.samples);
    expect(JSON.parse(saved.metadata['udm.sample']!)).toEqual(b.record);
    expect(
      readdirSync(trained.runDir).filter((f) => f.endsWith('.json') && f.startsWith('samples-')),
    ).toHaveLength(3);
  });

  it('a step given with a sampler that does not use one is an error, not silently ignored', async () => {
    const runDir = readdirSync(dir).find((d) => d.startsWith('two-moons'))!;
    await expect(
      sampleRun({
        checkpoint: join(dir, runDir),
        sampler: { kind: 'heun' },
        step: { kind: 'ddpm' },
        progress: 'quiet',
      }),
    ).rejects.toThrow(/the sampler "heun" does not use a conditional step .* step "ddpm" would be ignored/);
    const heun = await sampleRun({
      checkpoint: join(dir, runDir),
      sampler: { kind: 'heun' },
      progress: 'quiet',
    });
    expect(heun.record).toMatchObject({ sampler: { kind: 'heun' }, stepUsed: false, eta: null });
    expect(heun.files.samples).toMatch(/samples-heun-4\.safetensors$/);
  });

  it('progress labels name what runs', async () => {
    const runDir = join(
      dir,
      readdirSync(dir).find((d) => d.startsWith('two-moons'))!,
    );
    const lines: string[] = [];
    const stream = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => stream.write(s)) as typeof process.stderr.write;
    try {
      await sampleRun({
        checkpoint: runDir,
        sampler: { kind: 'heun' },
        grid: { kind: 'trailing' },
        progress: 'json',
      });
      await sampleRun({ checkpoint: runDir, step: { kind: 'ddim', eta: 0.5 }, progress: 'json' });
    } finally {
      process.stderr.write = original;
    }
    const jobs = lines.map((l) => (JSON.parse(l) as { job?: string }).job).filter((j) => j !== undefined);
    expect(jobs).toContain('sample heun (PF-ODE), 4 steps, trailing grid');
    expect(jobs).toContain('sample ddim η=0.5, 4 steps, leading grid');
  });
});
