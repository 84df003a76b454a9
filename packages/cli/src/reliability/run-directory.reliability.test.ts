import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegularFile, readRegularFileSync, UnsafeFileError } from '@udm/backend-tfjs';
import { ConfigError, createUdm } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { resumeRun } from '../api/resume-run.js';
import { trainRun } from '../api/train-run.js';
import { RunDirectory, UNPARSED_METRICS_FILE } from '../run/run-directory.js';
import { lockRun, RUN_LOCK_FILE, RunLockedError } from '../run/run-lock.js';
import { tinyConfig } from './support.js';

/** Issue 20: a second process, symbolic links and device paths in and around a run directory. */
const dir = mkdtempSync(join(tmpdir(), 'udm-rundir-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

let counter = 0;
async function freshRun(): Promise<string> {
  const r = await trainRun({
    config: tinyConfig({ train: { steps: 4, checkpointEvery: 2 } }),
    outDir: dir,
    name: `run${counter++}`,
    progress: 'quiet',
    logEvery: 1,
  });
  r.udm.dispose();
  return r.runDir;
}

async function resume(runDir: string, steps: number) {
  const r = await resumeRun({ runDir, steps, progress: 'quiet', logEvery: 1 });
  r.udm.dispose();
  return r;
}

function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString(),
  );
}

describe('one writer per run directory', () => {
  it('a second trainer gets a clear error naming the holder; the checkpoint never goes back', async () => {
    const runDir = await freshRun();
    expect(existsSync(join(runDir, RUN_LOCK_FILE))).toBe(false); // released when the run ended
    const held = lockRun(runDir, 'udm resume (the other trainer)');
    try {
      const e = await resumeRun({ runDir, steps: 6, progress: 'quiet' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RunLockedError);
      expect((e as Error).message).toMatch(
        new RegExp(`is in use by process ${process.pid} on .*\\(udm resume \\(the other trainer\\), since `),
      );
      expect((e as Error).message).toContain(join(runDir, RUN_LOCK_FILE));
    } finally {
      held.release();
    }
    // two resumes at once: the second is refused, the first trains on
    const [a, b] = await Promise.allSettled([resume(runDir, 6), resume(runDir, 5)]);
    expect(a.status).toBe('fulfilled');
    expect(b.status === 'rejected' && b.reason instanceof RunLockedError).toBe(true);
    expect((a as PromiseFulfilledResult<{ summary: { step: number } }>).value.summary.step).toBe(6);
    expect(existsSync(join(runDir, RUN_LOCK_FILE))).toBe(false);
  });

  it('the stale lock of a process that died is taken over', async () => {
    const runDir = await freshRun();
    const pid = deadPid();
    writeFileSync(
      join(runDir, RUN_LOCK_FILE),
      JSON.stringify({ pid, host: hostname(), command: 'udm train', since: '2026-01-01T00:00:00Z' }),
    );
    expect((await resume(runDir, 6)).summary.step).toBe(6);
    expect(existsSync(join(runDir, RUN_LOCK_FILE))).toBe(false);
  });
});

describe('symbolic links in a run directory are not followed', () => {
  it('a metrics.jsonl link to a file elsewhere is neither appended to nor created through', async () => {
    const runDir = await freshRun();
    const elsewhere = join(dir, `elsewhere-${counter}.txt`);
    unlinkSync(join(runDir, 'metrics.jsonl'));
    symlinkSync(elsewhere, join(runDir, 'metrics.jsonl')); // dangling: appending would create it
    expect(() => RunDirectory.open(runDir).appendMetrics({ step: 1, loss: 0 })).toThrow(
      /metrics\.jsonl is a symbolic link, which is not followed here/,
    );
    await expect(resume(runDir, 6)).rejects.toThrow(/metrics\.jsonl is a symbolic link/);
    expect(existsSync(elsewhere)).toBe(false);
    writeFileSync(elsewhere, 'secret\n');
    await expect(resume(runDir, 6)).rejects.toThrow(/metrics\.jsonl is a symbolic link/);
    expect(readFileSync(elsewhere, 'utf8')).toBe('secret\n');
  });

  it('a checkpoint or config.json that is a link is refused by resume', async () => {
    for (const name of ['checkpoint.safetensors', 'config.json']) {
      const runDir = await freshRun();
      const moved = join(dir, `moved-${counter}-${name}`);
      writeFileSync(moved, readFileSync(join(runDir, name)));
      unlinkSync(join(runDir, name));
      symlinkSync(moved, join(runDir, name));
      await expect(resume(runDir, 6)).rejects.toThrow(
        new RegExp(`${name.replace('.', '\\.')}.* symbolic link`),
      );
    }
  });

  it('resume keeps metrics lines it cannot parse aside instead of deleting them', async () => {
    const runDir = await freshRun();
    const file = join(runDir, 'metrics.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(
      file,
      [lines[0], 'a note I wrote', lines[1], '{"step": "x"}', ...lines.slice(2), '{"step": 9'].join('\n'),
    );
    await resume(runDir, 6);
    const aside = readFileSync(join(runDir, UNPARSED_METRICS_FILE), 'utf8');
    expect(aside).toBe('a note I wrote\n{"step": "x"}\n{"step": 9\n');
    const kept = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { step: number }).step);
    expect(kept).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('files named by untrusted input: regular files only', () => {
  it('devices, pipes and directories are refused before reading; a size cap holds', async () => {
    for (const path of ['/dev/zero', '/dev/null', '/dev/urandom']) {
      expect(() => readRegularFileSync(path)).toThrow(/must be a regular file, this is a character device/);
      await expect(readRegularFile(path)).rejects.toBeInstanceOf(UnsafeFileError);
    }
    expect(() => readRegularFileSync(dir)).toThrow(/this is a directory/);
    const big = join(dir, 'big.bin');
    writeFileSync(big, new Uint8Array(1000));
    expect(() => readRegularFileSync(big, { maxBytes: 999, what: 'weights' })).toThrow(
      /weights is 1000 bytes, more than the limit of 999 bytes/,
    );
    expect(readRegularFileSync(big, { maxBytes: 1000 }).length).toBe(1000);
    const fifo = join(dir, 'fifo');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      // opening a pipe without a writer must not block; it is refused
      expect(() => readRegularFileSync(fifo)).toThrow(/this is a pipe/);
    } else console.info('mkfifo not available: the pipe case is skipped');
  });

  it('a latent data config naming /dev/zero, /dev/stdin or /etc/passwd fails at once, leaking nothing', () => {
    const make = (autoencoder: string) => () =>
      createUdm(
        tinyConfig({ data: { kind: 'latent', autoencoder, source: { kind: 'two-moons', n: 64 } } }),
        defaultModules(),
      );
    expect(make('/dev/zero')).toThrow(
      /data\.autoencoder: .*must be a regular file, this is a character device/,
    );
    expect(make('/dev/stdin')).toThrow(/data\.autoencoder: .*(must be a regular file|safetensors|truncated)/); // whatever stdin is, no wait
    const passwd = '/etc/passwd';
    if (existsSync(passwd)) {
      let message = '';
      try {
        make(passwd)();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        message = (e as Error).message;
      }
      expect(message).toMatch(/not a safetensors file/);
      const first8 = new DataView(readFileSync(passwd).buffer).getBigUint64(0, true);
      expect(message).not.toContain(String(first8));
    }
  });
});

describe('a run that fails to start', () => {
  it('leaves no run directory holding only config.json', async () => {
    const out = join(dir, 'failed-start');
    await expect(
      trainRun({
        config: tinyConfig({ train: { steps: 4, batchSize: 2 ** 30 } }),
        outDir: out,
        progress: 'quiet',
      }),
    ).rejects.toThrow(/batchSize/);
    expect(readdirSync(out)).toEqual([]);
  });
});
