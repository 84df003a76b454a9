import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importPlugin } from '../commands/import-plugin.js';
import { writeSourceTsconfig } from '../test-support/source-tsconfig.js';

/** Issue 20: a plugin is trusted code, but its failures to load must be loud and name the file. */
const dir = mkdtempSync(join(tmpdir(), 'udm-plugins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const repo = fileURLToPath(new URL('../../../../', import.meta.url));

function plugin(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

describe('loading --plugin files', () => {
  it('a syntax error or a throw at top level names the file', async () => {
    const broken = plugin('broken.mjs', 'export const x = ;\n');
    // Node reports a SyntaxError; under vitest the import goes through vite, which reports a RollupError
    await expect(importPlugin(broken)).rejects.toThrow(
      /^--plugin \S*broken\.mjs: loading it failed \((SyntaxError|RollupError): /,
    );
    const throws = plugin('throws.mjs', 'throw new Error("no GPU here");\n');
    await expect(importPlugin(throws)).rejects.toThrow(
      /throws\.mjs: loading it failed \(Error: no GPU here\)/,
    );
    await expect(importPlugin(join(dir, 'missing.mjs'))).rejects.toThrow(/missing\.mjs: loading it failed/);
    expect(Object.keys(await importPlugin(plugin('ok.mjs', 'export const answer = 42;\n')))).toEqual([
      'answer',
    ]);
  });

  it('a top-level await that never settles makes udm exit non-zero with a message (it exited 0 doing nothing)', () => {
    const hangs = plugin('hangs.mjs', 'await new Promise(() => {});\nexport const never = 1;\n');
    const tsconfig = writeSourceTsconfig(dir);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(repo, 'packages/cli/src/main.ts'), '--quiet', '--plugin', hangs, 'list'],
      { cwd: repo, env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig }, encoding: 'utf8', timeout: 90_000 },
    );
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/--plugin .*hangs\.mjs: its top-level code never finished/);
  }, 120_000);
});
