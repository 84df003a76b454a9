import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReporter } from '@udm/core';
import { distillRun } from '@udm/gaussian';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { runUdm } from '../test-support/run-udm.js';
import { commandContext } from './command-context.js';
import { sampleRun } from './sample-run.js';
import { trainRun } from './train-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-distill-resume-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every tensor of a checkpoint file by name, as plain numbers. */
async function tensorsOf(
  file: string,
): Promise<{ params: Map<string, number[]>; ema?: Map<string, number[]> }> {
  const c = await loadCheckpoint(file);
  const read = (m: ReadonlyMap<string, tf.Tensor>) =>
    new Map([...m].map(([k, v]) => [k, Array.from(v.dataSync())] as const));
  try {
    return { params: read(c.snapshot.params), ...(c.snapshot.ema ? { ema: read(c.snapshot.ema) } : {}) };
  } finally {
    c.dispose();
  }
}

/** A tiny v-prediction teacher on continuous-time VP (cosine), trained for 4 steps. */
async function trainTeacher(seed: number, name: string): Promise<{ runDir: string }> {
  const trained = await trainRun({
    config: {
      seed,
      data: { kind: 'two-moons', n: 128, heldOut: 64 },
      process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
      network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
      posterior: { kind: 'v' },
      train: { steps: 4, batchSize: 16, ema: 0.9, checkpointEvery: 4 },
      sample: { step: { kind: 'ddim' }, grid: { kind: 'linspace' }, steps: 4, count: 32 },
    },
    outDir: dir,
    name,
    progress: 'quiet',
  });
  trained.udm.dispose();
  return { runDir: trained.runDir };
}

describe('udm distill: the students keep an EMA, and an interrupted run resumes exactly', () => {
  it('stopped in round 2 and resumed, it ends with the bitwise same students as an uninterrupted run (cpu)', async () => {
    const trained = await trainTeacher(0, 'teacher');
    const config = {
      teacherSteps: 4,
      rounds: 2,
      stepsPerRound: 6,
      batchSize: 8,
      count: 32,
      ema: 0.8,
      checkpointEvery: 4,
    };
    const whole = await distillRun(
      { checkpoint: trained.runDir, config, outDir: join(dir, 'whole') },
      commandContext({ progress: 'quiet' }),
    );
    expect(whole.stopped).toBeUndefined();

    // Stop after step 5 of round 2 (one step past its checkpoint at 4: the stop writes the state at 5).
    const controller = new AbortController();
    let job = '';
    const reporter: ProgressReporter = {
      start: (_total, label) => (job = label),
      update: (value) => {
        if (job === 'distill round 2' && value === 5) controller.abort();
      },
      stop: () => undefined,
      info: () => undefined,
    };
    const context = { ...commandContext({ progress: 'quiet' }), reporter: () => reporter };
    const outDir = join(dir, 'stopped');
    const stopped = await distillRun(
      { checkpoint: trained.runDir, config, outDir, signal: controller.signal },
      context,
    );
    expect(stopped.stopped).toEqual({ round: 2, step: 5 });
    expect(stopped.rows.filter((r) => r.model === 'student')).toHaveLength(1);
    expect(existsSync(join(outDir, 'distill-round-2.safetensors'))).toBe(true);
    expect(existsSync(join(outDir, 'distill.json'))).toBe(false);
    // A changed config is refused, naming the field.
    await expect(
      distillRun(
        { checkpoint: trained.runDir, config: { ...config, ema: 0.5 }, outDir, resume: true },
        commandContext({ progress: 'quiet' }),
      ),
    ).rejects.toThrow(/differs from the interrupted run's in ema/);
    const resumed = await distillRun(
      { checkpoint: trained.runDir, config, outDir, resume: true },
      commandContext({ progress: 'quiet' }),
    );
    expect(resumed.stopped).toBeUndefined();
    expect(resumed.rows.map((r) => `${r.model} ${r.steps}`)).toEqual(
      whole.rows.map((r) => `${r.model} ${r.steps}`),
    );
    for (const steps of [2, 1]) {
      const a = await tensorsOf(join(dir, 'whole', `distilled-${steps}.safetensors`));
      const b = await tensorsOf(join(outDir, `distilled-${steps}.safetensors`));
      expect(b.params, `student ${steps}: params`).toEqual(a.params);
      expect(b.ema, `student ${steps}: EMA`).toEqual(a.ema);
      // The distilled student is its averaged weights.
      expect(a.ema).toEqual(a.params);
    }
    const last = (r: typeof whole) => r.rows.at(-1)!;
    expect(last(resumed).finalLoss).toBe(last(whole).finalLoss);
    expect(last(resumed).metrics).toEqual(last(whole).metrics);
  }, 120_000);

  it('a student with an EMA samples from its checkpoint with the averaged weights; without one, none is written', async () => {
    const trained = await trainTeacher(1, 'teacher-ema');
    const common = { teacherSteps: 4, rounds: 1, stepsPerRound: 3, batchSize: 8, count: 32 };
    const withEma = await distillRun(
      { checkpoint: trained.runDir, config: { ...common, ema: 0.5 }, outDir: join(dir, 'ema') },
      commandContext({ progress: 'quiet' }),
    );
    const file = withEma.rows.at(-1)!.checkpoint!;
    const c = await loadCheckpoint(file);
    const cfg = c.config as { train: { ema: number }; sample: { useEma: boolean } };
    const emaUpdates = c.meta.emaUpdates;
    c.dispose();
    expect(cfg.train.ema).toBe(0.5);
    expect(cfg.sample.useEma).toBe(true);
    expect(emaUpdates).toBe(3);
    const s = await sampleRun({ checkpoint: file, outDir: join(dir, 'ema'), count: 32, progress: 'quiet' });
    expect(s.metrics!.slicedWasserstein).toBeCloseTo(withEma.rows.at(-1)!.metrics!.slicedWasserstein!, 6);
    const without = await distillRun(
      { checkpoint: trained.runDir, config: common, outDir: join(dir, 'plain') },
      commandContext({ progress: 'quiet' }),
    );
    const plain = await tensorsOf(without.rows.at(-1)!.checkpoint!);
    expect(plain.ema).toBeUndefined();
    // Averaging changed the student (0.5 over three steps is not the last step's weights).
    const averaged = await tensorsOf(file);
    expect(averaged.params).not.toEqual(plain.params);
  }, 120_000);

  it('udm distill --resume on a finished run redoes no round: the same rows, the same round timings', async () => {
    const trained = await trainTeacher(2, 'teacher-cli');
    const args = [
      '--backend',
      'cpu',
      '--json',
      'distill',
      trained.runDir,
      '--teacher-steps',
      '4',
      '--rounds',
      '1',
    ];
    const more = [
      '--steps-per-round',
      '2',
      '--set',
      'batchSize=8',
      '--set',
      'count=32',
      '-o',
      join(dir, 'cli'),
    ];
    const result = (stdout: string) =>
      JSON.parse(stdout.trim().split('\n').pop()!) as {
        rows: { trainSeconds?: number }[];
        stopped?: unknown;
      };
    const first = result((await runUdm(...args, ...more)).stdout);
    const again = result((await runUdm(...args, ...more, '--resume')).stdout);
    expect(again.stopped).toBeUndefined();
    expect(again.rows).toEqual(first.rows);
    expect(first.rows.at(-1)!.trainSeconds).toBeGreaterThan(0);
  }, 120_000);
});
