import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { signalExitCode, withStopSignal } from '../commands/stop-on-signal.js';
import { writeSourceTsconfig } from '../test-support/source-tsconfig.js';
import { tinyConfig } from './support.js';

/**
 * SIGINT / SIGTERM sent to a real `udm train` (run from sources with tsx) whose next checkpoint is far away: the run
 * must stop within moments (the training loop yields to the event loop between steps), write a checkpoint at the step
 * it reached, print how to resume and exit 130 / 143.
 */
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const main = join(repo, 'packages/cli/src/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'udm-signal-'));
const tsconfig = join(dir, 'tsconfig.json');
const STEPS = 1_000_000;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  writeSourceTsconfig(dir);
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify(tinyConfig({ train: { steps: STEPS, checkpointEvery: STEPS, batchSize: 16 } })),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `udm train`, sends `signal` once metrics.jsonl exists (training is under way); resolves on exit. */
function trainAndSignal(
  name: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stderr: string; runDir: string; afterSignalMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        main,
        '--backend',
        'cpu',
        '--quiet',
        'train',
        '-c',
        join(dir, 'config.json'),
        '-o',
        dir,
        '-n',
        name,
      ],
      {
        cwd: repo,
        env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let runDir = '';
    let sentAt = 0;
    const poll = setInterval(() => {
      const d = readdirSync(dir).find((f) => f.startsWith(`${name}-`));
      if (d && existsSync(join(dir, d, 'metrics.jsonl'))) {
        clearInterval(poll);
        runDir = join(dir, d);
        sentAt = performance.now();
        child.kill(signal);
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr, runDir, afterSignalMs: performance.now() - sentAt });
    });
  });
}

describe('stopping a run with a signal', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} stops after the current step, writes a checkpoint and exits ${code}`, async () => {
      const r = await trainAndSignal(signal.toLowerCase(), signal);
      expect(r.code, r.stderr).toBe(code);
      expect(r.runDir).not.toBe('');
      const m = /stopped at step (\d+); continue with: udm resume --run (.+)\n/.exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      const loaded = await loadCheckpoint(join(r.runDir, 'checkpoint.safetensors'));
      expect(loaded.meta.step).toBe(Number(m![1]));
      expect(loaded.meta.step).toBeGreaterThanOrEqual(1);
      expect(loaded.meta.step).toBeLessThan(STEPS);
      loaded.dispose();
      console.info(
        `${signal}: stopped at step ${m![1]}, exited ${r.code} ${Math.round(r.afterSignalMs)} ms after the signal`,
      );
    }, 90_000);
  }
});

describe('withStopSignal', () => {
  it('maps signals to 128 + their number', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
  });

  it('the first signal aborts and sets the exit code; a second one exits at once', async () => {
    const exits: number[] = [];
    const before = process.listenerCount('SIGINT');
    try {
      await withStopSignal(
        async (signal) => {
          process.emit('SIGINT', 'SIGINT');
          expect(signal.aborted).toBe(true);
          expect(process.exitCode).toBe(130);
          process.emit('SIGTERM', 'SIGTERM');
          expect(exits).toEqual([143]);
        },
        () => undefined,
        (code) => exits.push(code),
      );
    } finally {
      process.exitCode = undefined;
    }
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
