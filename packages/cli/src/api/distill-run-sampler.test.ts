import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { distillRun } from '../test-support/family-commands.js';
import { trainRun } from './train-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-distill-sampler-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('distillRun: the sampler comes from the distill config; the memory check runs the round’s objective', () => {
  it('step and grid are configurable (validated like sample.step / sample.grid) and go into the student checkpoint', async () => {
    const trained = await trainRun({
      config: {
        seed: 0,
        data: { kind: 'two-moons', n: 128, heldOut: 64 },
        process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
        network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
        posterior: { kind: 'v' },
        train: { steps: 4, batchSize: 16, ema: 0.9, checkpointEvery: 4 },
        sample: { step: { kind: 'ddim' }, grid: { kind: 'linspace' }, steps: 4, count: 32 },
      },
      outDir: dir,
      name: 'teacher',
      progress: 'quiet',
    });
    trained.udm.dispose();
    const common = { teacherSteps: 4, rounds: 1, stepsPerRound: 2, batchSize: 8, count: 32 };
    const r = await distillRun({
      checkpoint: trained.runDir,
      config: { ...common, step: { kind: 'ddim', eta: 0.5 } },
      outDir: join(dir, 'out'),
      progress: 'quiet',
    });
    const student = await loadCheckpoint(r.rows.at(-1)!.checkpoint!);
    const sample = (student.config as { sample: Record<string, unknown> }).sample;
    student.dispose();
    expect(sample['step']).toEqual({ kind: 'ddim', eta: 0.5 });
    expect(sample['grid']).toEqual({ kind: 'linspace' });
    await expect(
      distillRun({
        checkpoint: trained.runDir,
        config: { ...common, step: { kind: 'nope' } },
        progress: 'quiet',
      }),
    ).rejects.toThrow(/sample\.step/);
    await expect(
      distillRun({ checkpoint: trained.runDir, config: { ...common, grid: 3 }, progress: 'quiet' }),
    ).rejects.toThrow(/distill config\.grid/);
    // A batch that cannot fit is refused before the first round, by the round's own objective measured.
    await expect(
      distillRun({
        checkpoint: trained.runDir,
        config: { ...common, batchSize: 1_000_000_000 },
        outDir: join(dir, 'out3'),
        progress: 'quiet',
      }),
    ).rejects.toThrow(/distill batchSize = 1000000000/);
    // A grid of another process kind is refused by the model, naming the field.
    await expect(
      distillRun({
        checkpoint: trained.runDir,
        config: { ...common, grid: { kind: 'trailing' } },
        outDir: join(dir, 'out2'),
        progress: 'quiet',
      }),
    ).rejects.toThrow(/sample\.steps: grid "trailing": needs a discrete-time process/);
  });
});
