import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const shim = fileURLToPath(new URL('../bin/udm.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)));
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('the udm bin after npm ci', () => {
  it('is linked as node_modules/.bin/udm to the committed shim (it exists before any build)', () => {
    const link = join(root, 'node_modules', '.bin', 'udm');
    expect(existsSync(link), `${link} missing: npm did not link the bin`).toBe(true);
    expect(realpathSync(link)).toBe(realpathSync(shim));
  });

  it.skipIf(!built)(
    '`npx --no-install udm --help` runs the local CLI and never asks the registry',
    async () => {
      // An unreachable registry and offline mode: a lookup would fail instead of installing a stranger's `udm`.
      const { stdout } = await run('npx', ['--no-install', 'udm', '--help'], {
        cwd: root,
        env: { ...process.env, npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/' },
        timeout: 60_000,
      });
      expect(stdout).toContain('Usage: udm');
      expect(stdout).toContain('train');
    },
  );

  it('says to run `npm run build` when the build is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'udm-bin-'));
    temps.push(dir);
    mkdirSync(join(dir, 'bin'));
    copyFileSync(shim, join(dir, 'bin', 'udm.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    const error = await run(process.execPath, [join(dir, 'bin', 'udm.js'), '--help']).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('npm run build');
  });
});
