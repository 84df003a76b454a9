import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, SeededRng } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { trainRun } from '../api/train-run.js';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { writeSourceTsconfig } from '../test-support/source-tsconfig.js';
import { checkpointContents, tinyConfig } from './support.js';

/**
 * SIGKILLs `udm resume` processes (the real CLI, run from sources with tsx) while they write checkpoints, many times
 * in a row on one run directory, and checks after every kill that the last checkpoint loads (checksum verified),
 * that the step never goes back, and that temporary files of killed writers are only ever those of the last one
 * (each new save removes them). Finally the run is resumed to the end and compared with an uninterrupted run:
 * identical weights, EMA, optimizer slots and RNG state. UDM_KILL_ITERATIONS sets the number of kills (default 10).
 */
const KILLS = Number(process.env['UDM_KILL_ITERATIONS'] ?? 10);
const STEPS = 40 + 4 * KILLS;

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const main = join(repo, 'packages/cli/src/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'udm-kill-'));
const tsconfig = join(dir, 'tsconfig.json');
const config = tinyConfig({
  network: { kind: 'mlp', hidden: [64, 64], timeEmbedding: 8 },
  train: { steps: STEPS, checkpointEvery: 1, batchSize: 16, ema: 0.99 },
});

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  // The child imports the packages' sources (no build needed): tsx maps @udm/* through this tsconfig.
  writeSourceTsconfig(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  readonly killed: boolean;
  readonly pid: number;
  readonly stderr: string;
}

/**
 * Runs `udm resume --run runDir`. With `killAfter`, sends SIGKILL (or `signal`) `delayMs` after the `saves`-th
 * checkpoint temp file appears (inotify via fs.watch), i.e. while that checkpoint is being written, fsync'ed or
 * renamed.
 */
function runChild(
  runDir: string,
  killAfter?: { saves: number; delayMs: number; signal?: NodeJS.Signals },
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', main, '--backend', 'cpu', '--quiet', 'resume', '--run', runDir],
      {
        cwd: repo,
        env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // Each save writes a temp file of its own name; inotify reports it when created and again when renamed.
    const seen = new Set<string>();
    const watcher = killAfter
      ? watch(runDir, (_event, name) => {
          if (!name?.startsWith('.checkpoint.safetensors.') || !name.endsWith('.tmp') || seen.has(name))
            return;
          seen.add(name);
          if (seen.size !== killAfter.saves) return;
          setTimeout(() => child.kill(killAfter.signal ?? 'SIGKILL'), killAfter.delayMs);
        })
      : undefined;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      watcher?.close();
      if (signal === 'SIGKILL' && killAfter) resolve({ killed: true, pid: child.pid!, stderr });
      else if (code === 0 || (code === 130 && killAfter?.signal === 'SIGINT'))
        resolve({ killed: false, pid: child.pid!, stderr });
      else reject(new Error(`udm resume exited with ${code ?? signal}:\n${stderr}`));
    });
  });
}

const tempFiles = (runDir: string): string[] => readdirSync(runDir).filter((f) => f.endsWith('.tmp'));

describe('SIGKILL during checkpoint saves', () => {
  it(
    `the last checkpoint always loads; ${KILLS} kills, then resume to the end = an uninterrupted run`,
    async () => {
      const runDir = join(dir, 'run');
      mkdirSync(runDir);
      // A run directory as `udm train` starts it (resolved config); resume starts it from step 0.
      writeFileSync(
        join(runDir, 'config.json'),
        JSON.stringify(resolveConfig(config, defaultModules()), null, 2),
      );
      const rng = new SeededRng(2024);
      let lastStep = 0;
      let kills = 0;
      let midWrite = 0;
      for (let i = 0; i < KILLS; i++) {
        const outcome = await runChild(runDir, { saves: 1 + rng.int(3), delayMs: rng.int(4) });
        expect(outcome.killed, `child ${i} was not killed: ${outcome.stderr}`).toBe(true);
        kills++;
        const leftovers = tempFiles(runDir);
        // Only the writer just killed may have left a temp file; earlier ones were removed by its saves.
        for (const f of leftovers)
          expect(f).toMatch(new RegExp(`^\\.checkpoint\\.safetensors\\.${outcome.pid}\\.`));
        if (leftovers.length > 0) midWrite++;
        const file = join(runDir, 'checkpoint.safetensors');
        if (!existsSync(file)) continue; // killed during the very first save: resume starts from 0
        const loaded = await loadCheckpoint(file); // throws on a torn or corrupt file
        expect(loaded.meta.step).toBeGreaterThanOrEqual(lastStep);
        lastStep = loaded.meta.step;
        loaded.dispose();
      }
      expect(lastStep).toBeGreaterThan(0);
      expect(lastStep).toBeLessThan(STEPS);
      const final = await runChild(runDir);
      expect(final.killed).toBe(false);
      expect(tempFiles(runDir)).toEqual([]);

      const straight = await trainRun({ config, outDir: dir, name: 'straight', progress: 'quiet' });
      straight.udm.dispose();
      const a = await checkpointContents(straight.checkpoint);
      const b = await checkpointContents(join(runDir, 'checkpoint.safetensors'));
      expect(b.state).toEqual(a.state);
      for (const name of Object.keys(a.tensors)) expect(b.tensors[name], name).toEqual(a.tensors[name]);
      console.info(
        `kill test: ${kills} SIGKILLs during saves (${midWrite} left a temp file, i.e. landed mid-write), ` +
          `last checkpoint loaded every time, killed run resumed to step ${STEPS} bit-identical to an uninterrupted one`,
      );
    },
    60_000 + 15_000 * KILLS,
  );

  it('SIGINT stops after the current step, writes a checkpoint and prints how to resume', async () => {
    const runDir = join(dir, 'interrupted');
    mkdirSync(runDir);
    writeFileSync(
      join(runDir, 'config.json'),
      JSON.stringify(resolveConfig(config, defaultModules()), null, 2),
    );
    const outcome = await runChild(runDir, { saves: 3, delayMs: 0, signal: 'SIGINT' });
    expect(outcome.killed).toBe(false); // exit code 130 (stopped by SIGINT, checkpoint written)
    const m = /stopped at step (\d+); continue with: udm resume --run (.+)\n/.exec(outcome.stderr);
    expect(m, outcome.stderr).not.toBeNull();
    expect(m![2]).toBe(runDir);
    const loaded = await loadCheckpoint(join(runDir, 'checkpoint.safetensors'));
    expect(loaded.meta.step).toBe(Number(m![1]));
    expect(loaded.meta.step).toBeGreaterThanOrEqual(3);
    expect(loaded.meta.step).toBeLessThan(STEPS);
    loaded.dispose();
    expect(tempFiles(runDir)).toEqual([]);
  });
});
