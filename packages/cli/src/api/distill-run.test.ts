import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../program.js';
import { distillRun } from '../test-support/family-commands.js';
import { sampleRun } from './sample-run.js';
import { trainRun } from './train-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-distill-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny v-prediction teacher on continuous-time VP (cosine). */
const teacherConfig = {
  seed: 0,
  data: { kind: 'two-moons', n: 256, heldOut: 128 },
  process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
  network: { kind: 'mlp', hidden: [16], timeEmbedding: 8 },
  posterior: { kind: 'v' },
  train: { steps: 20, batchSize: 32, ema: 0.9, checkpointEvery: 20 },
  sample: { step: { kind: 'ddim' }, grid: { kind: 'linspace' }, steps: 4, count: 64 },
};

describe('distillRun (udm distill)', () => {
  it('evaluates the teacher at N and N/2, a student at N/2, and writes a sampleable student checkpoint', async () => {
    const trained = await trainRun({
      config: teacherConfig,
      outDir: dir,
      name: 'teacher',
      progress: 'quiet',
    });
    trained.udm.dispose();
    const r = await distillRun({
      checkpoint: trained.runDir,
      config: { teacherSteps: 4, rounds: 1, stepsPerRound: 5, batchSize: 16, count: 64 },
      progress: 'quiet',
    });
    expect(r.rows.map((x) => `${x.model} ${x.steps}`)).toEqual(['teacher 4', 'teacher 2', 'student 2']);
    for (const row of r.rows) expect(Number.isFinite(row.metrics!.slicedWasserstein)).toBe(true);
    expect(JSON.parse(readFileSync(r.file, 'utf8')).rows).toHaveLength(3);
    const student = r.rows[2]!.checkpoint!;
    expect(existsSync(student)).toBe(true);
    const s = await sampleRun({ checkpoint: student, outDir: dir, count: 64, progress: 'quiet' });
    expect(s.steps).toBe(2);
    expect(s.metrics!.slicedWasserstein).toBeCloseTo(r.rows[2]!.metrics!.slicedWasserstein!, 6);
  });

  it('is a registered command, and a discrete-time teacher is refused', async () => {
    expect(createProgram().commands.map((c) => c.name())).toContain('distill');
    const trained = await trainRun({
      config: {
        ...teacherConfig,
        process: { kind: 'vp', T: 50 },
        sample: { step: { kind: 'ddim' }, steps: 4, count: 64 },
      },
      outDir: dir,
      name: 'discrete',
      progress: 'quiet',
    });
    trained.udm.dispose();
    await expect(
      distillRun({
        checkpoint: trained.runDir,
        config: { teacherSteps: 4, rounds: 1, stepsPerRound: 2 },
        progress: 'quiet',
      }),
    ).rejects.toThrow(/continuous-time/);
  });
});
