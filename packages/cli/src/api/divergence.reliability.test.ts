import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '@udm/backend-tfjs';
import { DivergenceError } from '@udm/core';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { tinyConfig } from '../reliability/support.js';
import { RunDivergedError } from './run-diverged-error.js';
import { trainRun } from './train-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-diverge-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Plain SGD with learning rate 10 on the tiny MLP: the loss overflows to Infinity at step 4 (seed 11). */
const explosive = (train: Record<string, unknown> = {}) =>
  tinyConfig({
    train: { steps: 30, checkpointEvery: 2, optimizer: { kind: 'sgd', learningRate: 10 }, ...train },
  });

/** θ from a checkpoint file, flattened in name order. */
function paramsOf(path: string): number[] {
  const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(path)));
  return Object.keys(tensors)
    .filter((n) => n.startsWith('params.'))
    .sort()
    .flatMap((n) => Array.from(tensors[n]!.data as Float32Array));
}

describe('a diverging run', () => {
  it('stops with the step and tensor, and keeps the last good checkpoint', async () => {
    const losses: number[] = [];
    let error: unknown;
    try {
      await trainRun({
        config: explosive(),
        outDir: dir,
        name: 'diverge',
        progress: 'quiet',
        onStep: (p) => losses.push(p.loss),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RunDivergedError);
    const e = error as RunDivergedError;
    expect(e.divergence).toBeInstanceOf(DivergenceError);
    const runDir = readdirSync(dir)
      .filter((d) => d.startsWith('diverge-'))
      .map((d) => join(dir, d))[0]!;
    // The loss grew by orders of magnitude before it overflowed (a real divergence, not an injected NaN).
    expect(losses.length).toBe(e.step - 1);
    expect(losses.at(-1)!).toBeGreaterThan(1e3 * losses[0]!);
    expect(e.tensor).toBe('loss');
    expect(e.runDir).toBe(runDir);
    expect(e.checkpointStep).toBe(2 * Math.floor((e.step - 1) / 2));
    expect(e.checkpoint).toBe(join(runDir, 'checkpoint.safetensors'));
    expect(e.message).toMatch(new RegExp(`^training diverged at step ${e.step}: loss is (NaN|-?Infinity)`));
    expect(e.message).toContain(
      `The last good checkpoint is ${e.checkpoint} (step ${e.checkpointStep}); it was kept.`,
    );
    const ckpt = await loadCheckpoint(e.checkpoint!); // checksum verified; weights checked finite on load
    expect(ckpt.meta.step).toBe(e.checkpointStep);
    for (const t of ckpt.snapshot.params.values()) expect(t.dataSync().every(Number.isFinite)).toBe(true);
    ckpt.dispose();
    expect(readdirSync(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('diverging before the first checkpoint says that nothing was written', async () => {
    const error = await trainRun({
      config: explosive({ checkpointEvery: 10 }),
      outDir: dir,
      name: 'early',
      progress: 'quiet',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunDivergedError);
    expect((error as RunDivergedError).checkpoint).toBeUndefined();
    expect((error as Error).message).toMatch(/No checkpoint had been written yet in .*early-/);
  });

  it('with train.gradClipNorm the same run trains to the end, each SGD step moving θ by at most lr·clip', async () => {
    const norms: number[] = [];
    const lr = 10;
    const clip = 1;
    const r = await trainRun({
      config: explosive({ gradClipNorm: clip, steps: 30, checkpointEvery: 1, ema: 0 }),
      outDir: dir,
      name: 'clipped',
      progress: 'quiet',
      onStep: (p) => norms.push(p.gradNorm),
    });
    expect(r.summary.step).toBe(30);
    expect(Number.isFinite(r.summary.lastLoss)).toBe(true);
    expect(norms.filter((n) => n > clip).length).toBeGreaterThan(0); // the clip was active
    r.udm.dispose();
    // Step by step: ‖θ_k − θ_{k−1}‖ ≤ lr·clip (read from the checkpoint written after every step).
    const flat: number[][] = [];
    const again = await trainRun({
      config: explosive({ gradClipNorm: clip, steps: 6, checkpointEvery: 1, ema: 0 }),
      outDir: dir,
      name: 'clipped-steps',
      progress: 'quiet',
      onCheckpoint: ({ path }) => flat.push(paramsOf(path)),
    });
    again.udm.dispose();
    expect(flat).toHaveLength(6);
    for (let k = 1; k < flat.length; k++) {
      const moved = Math.hypot(...flat[k]!.map((v, i) => v - flat[k - 1]![i]!));
      expect(moved).toBeGreaterThan(0);
      expect(moved).toBeLessThanOrEqual(lr * clip * (1 + 1e-5));
    }
  });
});
