import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProgram } from '../program.js';
import { checkpointContents, metricsOf, tinyConfig } from '../reliability/support.js';
import { resumeRun } from './resume-run.js';
import { trainRun } from './train-run.js';

const dir = mkdtempSync(join(tmpdir(), 'udm-resume-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quiet = { progress: 'quiet' as const, logEvery: 5 };

async function straight(config: unknown, name: string): Promise<string> {
  const r = await trainRun({ config, outDir: dir, name, ...quiet });
  r.udm.dispose();
  return r.runDir;
}

/** trainRun stopped (AbortSignal) right after `stopAt`, as Ctrl-C would. */
async function stopped(config: unknown, name: string, stopAt: number): Promise<string> {
  const controller = new AbortController();
  const r = await trainRun({
    config,
    outDir: dir,
    name,
    ...quiet,
    signal: controller.signal,
    onStep: (p) => p.step === stopAt && controller.abort(),
  });
  expect(r.summary.stopped).toBe(true);
  expect(r.summary.step).toBe(stopAt);
  r.udm.dispose();
  return r.runDir;
}

async function resume(runDir: string, steps?: number) {
  const r = await resumeRun({ runDir, ...quiet, ...(steps !== undefined ? { steps } : {}) });
  r.udm.dispose();
  return r;
}

async function expectSameRun(a: string, b: string, metrics = true): Promise<void> {
  const ca = await checkpointContents(join(a, 'checkpoint.safetensors'));
  const cb = await checkpointContents(join(b, 'checkpoint.safetensors'));
  expect(Object.keys(cb.tensors).sort()).toEqual(Object.keys(ca.tensors).sort());
  for (const name of Object.keys(ca.tensors)) expect(cb.tensors[name], name).toEqual(ca.tensors[name]);
  expect(cb.state).toEqual(ca.state);
  if (metrics) expect(metricsOf(b)).toEqual(metricsOf(a));
}

describe('resumeRun: an interrupted run ends bit for bit where an uninterrupted one does', () => {
  it('40 steps straight = 20 steps, stop, resume to 40 (weights, EMA, Adam slots, RNG, metrics)', async () => {
    const config = tinyConfig();
    const a = await straight(config, 'straight');
    const b = await stopped(config, 'stopped', 20);
    expect((await checkpointContents(join(b, 'checkpoint.safetensors'))).state.step).toBe(20);
    const r = await resume(b);
    expect(r.resumedFrom).toBe(20);
    expect(r.summary.step).toBe(40);
    await expectSameRun(a, b);
  });

  it('stopping between checkpoints (step 13 of checkpointEvery 5) loses nothing either', async () => {
    const config = tinyConfig({ train: { steps: 24, checkpointEvery: 5 } });
    const a = await straight(config, 'straight-b');
    const b = await stopped(config, 'stopped-b', 13); // the stop writes a checkpoint at 13
    const r = await resume(b);
    expect(r.resumedFrom).toBe(13);
    await expectSameRun(a, b);
  });

  it('--steps extends a finished run: 30 steps + resume to 45 = 45 steps straight', async () => {
    const a = await straight(tinyConfig({ train: { steps: 45, checkpointEvery: 15 } }), 'long');
    const b = await straight(tinyConfig({ train: { steps: 30, checkpointEvery: 15 } }), 'extended');
    const r = await resume(b, 45);
    expect(r.resumedFrom).toBe(30);
    await expectSameRun(a, b);
    expect(JSON.parse(readFileSync(join(b, 'config.json'), 'utf8')).train.steps).toBe(45);
  });

  it('a run killed before its first checkpoint starts over from step 0 with its config', async () => {
    const config = tinyConfig({ train: { steps: 10, checkpointEvery: 10 } });
    const a = await straight(config, 'from-zero-a');
    const b = await stopped(config, 'from-zero-b', 4);
    // Simulate the kill: no checkpoint yet, metrics of steps that are lost, a torn last line.
    rmSync(join(b, 'checkpoint.safetensors'));
    writeFileSync(join(b, 'metrics.jsonl'), '{"step":5,"loss":1}\n{"step":10,"lo');
    const r = await resume(b);
    expect(r.resumedFrom).toBe(0);
    await expectSameRun(a, b);
  });

  it('drops metrics logged after the checkpoint (they are logged again) and removes temp files of dead writers', async () => {
    const config = tinyConfig({ train: { steps: 20, checkpointEvery: 10 } });
    const a = await straight(config, 'metrics-a');
    const b = await stopped(config, 'metrics-b', 10);
    const log = join(b, 'metrics.jsonl');
    writeFileSync(
      log,
      `${readFileSync(log, 'utf8')}{"step":15,"loss":0.5,"gradNorm":1,"stepsPerSecond":1}\n`,
    );
    // What writeFileAtomic leaves when SIGKILLed mid-write: pid 2^22 + 1 is above Linux's pid_max default.
    const stale = join(b, `.checkpoint.safetensors.${2 ** 22 + 1}.0123456789ab.tmp`);
    writeFileSync(stale, 'half a checkpoint');
    await resume(b);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(b).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await expectSameRun(a, b);
  });

  it('resuming a finished run trains nothing and changes nothing', async () => {
    const b = await straight(tinyConfig({ train: { steps: 6, checkpointEvery: 3 } }), 'finished');
    const before = readFileSync(join(b, 'checkpoint.safetensors'));
    const r = await resume(b);
    expect(r.resumedFrom).toBe(6);
    expect(r.summary.step).toBe(6);
    expect(readFileSync(join(b, 'checkpoint.safetensors')).equals(before)).toBe(true);
  });

  it('refuses a config.json edited after training, an unknown directory, and fewer steps than done', async () => {
    const b = await straight(tinyConfig({ train: { steps: 6, checkpointEvery: 3 } }), 'edited');
    const cfg = JSON.parse(readFileSync(join(b, 'config.json'), 'utf8'));
    await expect(resumeRun({ runDir: b, ...quiet, steps: 3 })).rejects.toThrow(
      /steps: the run is already at step 6, cannot resume it to 3/,
    );
    writeFileSync(join(b, 'config.json'), JSON.stringify({ ...cfg, seed: 12 }));
    await expect(resumeRun({ runDir: b, ...quiet })).rejects.toThrow(
      /checkpoint\.safetensors: its config differs from .*config\.json \(other than train\.steps\)/,
    );
    await expect(resumeRun({ runDir: join(dir, 'nope'), ...quiet })).rejects.toThrow(/no such run directory/);
    const empty = mkdtempSync(join(dir, 'empty-'));
    await expect(resumeRun({ runDir: empty, ...quiet })).rejects.toThrow(/not a run directory/);
  });
});

describe('udm resume', () => {
  it('continues a stopped run from the command line and prints the run directory', async () => {
    const config = tinyConfig({ train: { steps: 12, checkpointEvery: 4 } });
    const a = await straight(config, 'cli-a');
    const b = await stopped(config, 'cli-b', 8);
    let stdout = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    try {
      await createProgram().parseAsync(['node', 'udm', '--backend', 'cpu', '--json', 'resume', '--run', b]);
    } finally {
      out.mockRestore();
    }
    const result = JSON.parse(stdout.trim()) as {
      event: string;
      runDir: string;
      resumedFrom: number;
      step: number;
    };
    expect(result).toMatchObject({ event: 'result', runDir: b, resumedFrom: 8, step: 12 });
    await expectSameRun(a, b, false); // the command logs metrics every 50 steps, not every 5
  });
});
