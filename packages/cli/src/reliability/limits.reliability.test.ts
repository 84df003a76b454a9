import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, createUdm, OutOfMemoryError } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { evalRun } from '../api/eval-run.js';
import { trainRun } from '../api/train-run.js';
import { runUdm } from '../test-support/run-udm.js';
import { writeSourceTsconfig } from '../test-support/source-tsconfig.js';
import { tinyConfig } from './support.js';

/** Issue 20: huge numbers fail at once with a message naming the field or option; misleading messages fixed. */
const dir = mkdtempSync(join(tmpdir(), 'udm-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let runDir = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const r = await trainRun({
    config: tinyConfig({ train: { steps: 2 } }),
    outDir: dir,
    name: 'tiny',
    progress: 'quiet',
  });
  r.udm.dispose();
  runDir = r.runDir;
});

function configError(config: unknown): string {
  try {
    createUdm(config, defaultModules()).dispose();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('sizes in configs are bounded at decode', () => {
  it('process.T, data.n, sample.steps and layer widths of 1e9 / 1e6 name the field and the bound', () => {
    expect(configError(tinyConfig({ process: { kind: 'vp', T: 1e9 } }))).toMatch(
      /process\.T: expected an integer in \[1, 1000000\], got 1000000000/,
    );
    expect(configError(tinyConfig({ data: { kind: 'two-moons', n: 1e9 } }))).toMatch(
      /data\.n: expected an integer in \[1, 10000000\], got 1000000000/,
    );
    expect(configError(tinyConfig({ sample: { step: { kind: 'ddim' }, steps: 1e9, count: 8 } }))).toMatch(
      /sample\.steps: expected an integer in \[1, 1000000\]/,
    );
    const hidden = configError(
      tinyConfig({ network: { kind: 'mlp', hidden: [1e6, 1e6], timeEmbedding: 4 } }),
    );
    expect(hidden).toMatch(/network\.hidden\[0\]: expected an integer in \[1, 16384\], got 1000000/);
    expect(hidden).not.toMatch(/Invalid typed array length/);
  });

  it('udm eval --count 1e9 is refused by the memory check before sampling', async () => {
    const e = await evalRun({ checkpoint: runDir, count: 1e9, progress: 'quiet' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OutOfMemoryError);
    expect((e as Error).message).toMatch(
      /sample\.count = 1000000000 needs about .* lower sample\.count \(or --count\)/,
    );
  });
});

describe('command-line messages', () => {
  it('out-of-range --steps / --count name the option; --seed 0 is accepted like a config seed', async () => {
    await expect(runUdm('--quiet', 'sample', runDir, '--steps', '0')).rejects.toThrow(
      /--steps: expected an integer in \[1, 1000000\], got 0/,
    );
    await expect(runUdm('--quiet', 'eval', runDir, '--steps', '1e9')).rejects.toThrow(
      /--steps: expected an integer in/,
    );
    await expect(runUdm('--quiet', 'sample', runDir, '--count', '-3')).rejects.toThrow(
      /--count: expected a positive integer, got -3/,
    );
    const out = join(dir, 'seed0');
    await runUdm('--quiet', 'sample', runDir, '--seed', '0', '--count', '8', '--out', out);
    expect(readdirSync(out).some((f) => f.endsWith('.safetensors'))).toBe(true);
  });

  it('--name ../x or an absolute name cannot escape --out', async () => {
    const out = join(dir, 'named');
    for (const name of ['../escaped', '/tmp/escaped', 'a/b', '..']) {
      await expect(
        trainRun({ config: tinyConfig({ train: { steps: 1 } }), outDir: out, name, progress: 'quiet' }),
      ).rejects.toThrow(/name: expected a plain run name/);
    }
    expect(existsSync(join(dir, 'escaped-'))).toBe(false);
    expect(readdirSync(dir).some((f) => f.startsWith('escaped'))).toBe(false);
  });

  it('with --json an error is a JSON line', () => {
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const tsconfig = writeSourceTsconfig(dir);
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join(repo, 'packages/cli/src/main.ts'), '--json', ...args],
        {
          cwd: repo,
          env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
    // an error of ours (main's catch) and one of commander's (an unknown option, followed by its help text)
    for (const args of [
      ['sample', join(dir, 'missing')],
      ['sample', runDir, '--bogus'],
    ]) {
      const r = run(...args);
      expect(r.status, r.stderr).not.toBe(0);
      const errors = r.stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { event: string; message: string })
        .filter((e) => e.event === 'error');
      expect(errors, r.stderr).toHaveLength(1);
      expect(errors[0]!.message.length).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(/^udm: /m);
    }
  }, 120_000);
});
