import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { readMetrics } from '../run/read-metrics.js';
import { heldOutLoss } from './held-out-loss.js';
import { trainRun } from './train-run.js';

await tf.setBackend('cpu');
const dir = mkdtempSync(join(tmpdir(), 'udm-trainer-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = {
  seed: 9,
  data: { kind: 'two-moons', n: 300, heldOut: 80 },
  process: { kind: 'vp', T: 50 },
  network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
  posterior: { kind: 'epsilon' },
  train: {
    steps: 7,
    batchSize: 16,
    ema: 0,
    checkpointEvery: 2,
    keepCheckpoints: 2,
    validateEvery: 3,
    validationExamples: 50,
  },
  sample: { step: { kind: 'ddim' }, steps: 3, count: 10 },
};

describe('trainer features Lightning users expect', () => {
  it('keeps the last k checkpoints besides the last one, measures held-out loss every n steps, calls back', async () => {
    const checkpoints: Array<{ step: number; history?: string }> = [];
    const validations: Array<{ step: number; heldOutLoss: number }> = [];
    const run = await trainRun({
      config,
      outDir: dir,
      progress: 'quiet',
      onCheckpoint: (c) => checkpoints.push({ step: c.step, ...(c.history ? { history: c.history } : {}) }),
      onValidation: (v) => validations.push(v),
    });
    try {
      expect(checkpoints.map((c) => c.step)).toEqual([2, 4, 6, 7]);
      expect(
        checkpoints.every((c) => c.history?.endsWith(`step-${String(c.step).padStart(8, '0')}.safetensors`)),
      ).toBe(true);
      expect(readdirSync(join(run.runDir, 'checkpoints'))).toEqual([
        'step-00000006.safetensors',
        'step-00000007.safetensors',
      ]);
      expect(readFileSync(join(run.runDir, 'checkpoints', 'step-00000007.safetensors'))).toEqual(
        readFileSync(run.checkpoint),
      );
      expect(validations.map((v) => v.step)).toEqual([3, 6, 7]);
      expect(validations.every((v) => Number.isFinite(v.heldOutLoss) && v.heldOutLoss > 0)).toBe(true);
      const records = readMetrics(join(run.runDir, 'metrics.jsonl'));
      expect(
        records.filter((r) => r['heldOutLoss'] !== undefined).map((r) => [r.step, r['heldOutLoss']]),
      ).toEqual(validations.map((v) => [v.step, v.heldOutLoss]));
      // The last measurement is the final weights' held-out loss (no EMA here), recomputed the same way.
      expect(heldOutLoss(run.udm, { examples: 50, batchSize: 16 })).toBeCloseTo(
        validations.at(-1)!.heldOutLoss,
        6,
      );
      expect(readFileSync(join(run.runDir, 'loss-curve.svg'), 'utf8')).toContain('held-out loss');
    } finally {
      run.udm.dispose();
    }
  });

  it('without keepCheckpoints or validateEvery nothing extra is written', async () => {
    const { keepCheckpoints: _k, validateEvery: _v, ...train } = config.train;
    const run = await trainRun({ config: { ...config, train }, outDir: dir, progress: 'quiet' });
    run.udm.dispose();
    expect(readdirSync(run.runDir)).not.toContain('checkpoints');
    expect(readMetrics(join(run.runDir, 'metrics.jsonl')).some((r) => 'heldOutLoss' in r)).toBe(false);
  });
});
