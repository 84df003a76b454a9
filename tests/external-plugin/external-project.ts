/**
 * Builds the plugin project in `tests/external-plugin/project` OUTSIDE the workspaces, as a user would: a temp
 * directory with the `npm pack` tarballs of the built @udm packages and the registry's latest `inversify` and
 * `@tensorflow/tfjs`, installed with npm and compiled with TypeScript. Used by external-plugin.test.ts.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const projectTemplate = fileURLToPath(new URL('./project/', import.meta.url));

/** The packages `@udm/cli` needs at run time (every published @udm package but the optional native addon). */
export const PACKED = [
  'core',
  'gaussian',
  'cold',
  'masked',
  'uniform',
  'nets',
  'latent',
  'data',
  'backend-tfjs',
  'testing',
  'cli',
];

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command without blocking the event loop (a test worker must keep answering vitest while npm installs).
 */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 300_000,
): Promise<Ran> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n${command} timed out after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => (stderr += `\n${e.message}`));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolveRun({ status, stdout, stderr });
    });
  });
}

async function ok(pending: Promise<Ran>, what: string): Promise<Ran> {
  const r = await pending;
  if (r.status !== 0)
    throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`);
  return r;
}

/** The registry's latest versions of the shared singletons, or why the registry cannot be asked. */
export async function registryLatest(): Promise<
  { ok: true; inversify: string; tfjs: string } | { ok: false; reason: string }
> {
  const ask = async (name: string): Promise<string | Error> => {
    const r = await run('npm', ['view', name, 'version', '--prefer-online'], repoRoot, 60_000);
    const v = r.stdout.trim();
    return r.status === 0 && /^\d+\.\d+\.\d+/.test(v)
      ? v
      : new Error(r.stderr.trim().split('\n').pop() ?? 'no answer');
  };
  const inversify = await ask('inversify');
  if (inversify instanceof Error) return { ok: false, reason: inversify.message };
  const tfjs = await ask('@tensorflow/tfjs');
  if (tfjs instanceof Error) return { ok: false, reason: tfjs.message };
  return { ok: true, inversify, tfjs };
}

export interface ExternalProject {
  readonly dir: string;
  /** Runs the installed `udm` command line in the project. */
  udm(args: readonly string[]): Promise<Ran>;
  /** Runs a compiled script of the project (`dist/<file>`). */
  node(file: string, args?: readonly string[]): Promise<Ran>;
  /** Deletes the temp directory (tarballs, install, runs). */
  remove(): void;
}

/**
 * Packs the built packages, writes the project with its @udm dependencies pointing at the tarballs and
 * `inversify`/`@tensorflow/tfjs` at the given versions, installs it (`--ignore-scripts`: no native addon is
 * needed) and compiles its TypeScript with the workspace's compiler. `extraSources` are copied into `src/`.
 */
export async function buildExternalProject(
  versions: { inversify: string; tfjs: string },
  extraSources: Readonly<Record<string, string>> = {},
): Promise<ExternalProject> {
  for (const name of PACKED) {
    if (!existsSync(join(repoRoot, 'packages', name, 'dist', 'index.js')))
      throw new Error(`packages/${name}/dist is missing: run npm run build before this test`);
  }
  const root = mkdtempSync(join(tmpdir(), 'udm-external-plugin-'));
  const tarballs = join(root, 'tarballs');
  mkdirSync(tarballs);
  const packed = await ok(
    run(
      'npm',
      ['pack', ...PACKED.map((n) => `./packages/${n}`), '--pack-destination', tarballs, '--json'],
      repoRoot,
    ),
    'npm pack',
  );
  const files = (JSON.parse(packed.stdout) as { name: string; filename: string }[]).map((p) => [
    p.name,
    p.filename,
  ]);

  const dir = join(root, 'project');
  cpSync(projectTemplate, dir, { recursive: true });
  for (const [name, source] of Object.entries(extraSources))
    cpSync(join(repoRoot, source), join(dir, 'src', name));
  const pkgFile = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  for (const [name, file] of files) pkg.dependencies[name!] = `file:${join(tarballs, file!)}`;
  pkg.dependencies['inversify'] = versions.inversify;
  pkg.dependencies['@tensorflow/tfjs'] = versions.tfjs;
  delete pkg.devDependencies['typescript']; // compiled with the workspace's TypeScript (no second download)
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

  await ok(
    run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
      dir,
      540_000,
    ),
    'npm install in the external project',
  );
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  await ok(run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir), 'tsc in the external project');

  const bin = join(dir, 'node_modules', '.bin', 'udm');
  const main = join(dir, 'node_modules', '@udm', 'cli', 'dist', 'main.js');
  return {
    dir,
    udm: (args) => (existsSync(bin) ? run(bin, args, dir) : run(process.execPath, [main, ...args], dir)),
    node: (file, args = []) => run(process.execPath, [join('dist', file), ...args], dir),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Every installed copy of a package in the project (`node_modules/**\/name/package.json`). */
export function installedCopies(dir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (nm: string): void => {
    if (!existsSync(nm)) return;
    if (existsSync(join(nm, name, 'package.json'))) found.push(join(nm, name));
    for (const entry of readdirSync(nm)) {
      const scoped = entry.startsWith('@')
        ? readdirSync(join(nm, entry)).map((e) => join(entry, e))
        : [entry];
      for (const p of scoped) walk(join(nm, p, 'node_modules'));
    }
  };
  walk(join(dir, 'node_modules'));
  return found;
}
