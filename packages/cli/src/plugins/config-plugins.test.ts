import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { modelFromCheckpoint } from '../api/model-from-checkpoint.js';
import { resumeRun } from '../api/resume-run.js';
import { trainRun } from '../api/train-run.js';
import { loadRecordedPlugins, pluginReferencesOf } from './config-plugins.js';
import { fileTrustEntry, PluginTrust } from './plugin-trust.js';

await tf.setBackend('cpu');

const dir = mkdtempSync(join(tmpdir(), 'udm-config-plugins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// the user's trusted plugins, for this test file only (one process per test file)
process.env['UDM_TRUSTED_PLUGINS'] = join(dir, 'trusted-plugins');

/** A plugin file of the user's: a time grid kind `plugin-leading` (diffusers' leading spacing). */
const pluginFile = join(dir, 'src', 'grid-plugin.mjs');
mkdirSync(join(dir, 'src'));
writeFileSync(
  pluginFile,
  `import { contribution, definePlugin, LeadingGrid, literal, required, struct, TOKENS } from '@udm/core';
export const gridPlugin = definePlugin(({ contribute }) =>
  contribute(TOKENS.TimeGrid, contribution({
    kind: 'plugin-leading',
    description: 'leading spacing, from a plugin file',
    codec: struct('plugin-leading grid', { kind: required(literal('plugin-leading')) }),
    create: () => new LeadingGrid(0),
  })),
);
`,
);

const moons = { kind: 'two-moons', n: 256, heldOut: 64 };
const train = { steps: 3, batchSize: 32, ema: 0, checkpointEvery: 3 };

const fileConfig = {
  plugins: [`./${relative(process.cwd(), pluginFile)}`],
  seed: 1,
  data: moons,
  process: { kind: 'vp', T: 20 },
  network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
  posterior: { kind: 'epsilon' },
  train,
  sample: { step: { kind: 'ddim' }, grid: { kind: 'plugin-leading' }, steps: 4, count: 8 },
};

const packageConfig = {
  plugins: ['@udm/consistency'],
  seed: 1,
  data: moons,
  process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
  network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
  posterior: { kind: 'consistency' },
  train,
  sample: { step: { kind: 'ddim' }, sampler: { kind: 'consistency' }, steps: 1, count: 8 },
};

async function trained(config: object, name: string): Promise<string> {
  const r = await trainRun({ config, outDir: join(dir, 'runs'), name, progress: 'quiet' });
  r.udm.dispose();
  return r.runDir;
}

const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const configOf = (run: string) =>
  JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as { plugins?: unknown[] };

describe('config field plugins', () => {
  it('is validated first, errors naming plugins[i] and what was expected', () => {
    expect(pluginReferencesOf({})).toEqual([]);
    expect(pluginReferencesOf({ plugins: ['@udm/consistency', './x.mjs'] })).toEqual([
      { package: '@udm/consistency' },
      { file: './x.mjs' },
    ]);
    expect(() => pluginReferencesOf({ plugins: '@udm/consistency' })).toThrow(/plugins: expected an array/);
    expect(() => pluginReferencesOf({ plugins: ['@udm/consistency', 5] })).toThrow(
      /plugins\[1\]: expected an npm package name .* a file path starting \.\/, \.\.\/ or \/ .*, got 5/,
    );
    expect(() => pluginReferencesOf({ plugins: ['My Plugin'] })).toThrow(
      /plugins\[0\]: expected an npm package name/,
    );
    expect(() =>
      pluginReferencesOf({ plugins: [{ package: '@udm/consistency', version: 'latest' }] }),
    ).toThrow(/plugins\[0\]: "version": expected a semver version/);
    expect(() => pluginReferencesOf({ plugins: [{ file: 'a.mjs', sha256: 'abc' }] })).toThrow(
      /plugins\[0\]: "sha256": expected 64 lower-case hex digits/,
    );
  });

  it('a plugin file is copied into the run and loaded from there by sample and resume with no flag', async () => {
    const run = await trained(fileConfig, 'file-plugin');
    const recorded = configOf(run).plugins as { file: string; sha256: string }[];
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.file).toBe('inputs/plugins/0/grid-plugin.mjs');
    expect(readFileSync(join(run, recorded[0]!.file), 'utf8')).toBe(readFileSync(pluginFile, 'utf8'));
    expect(recorded[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const { udm } = await modelFromCheckpoint(run); // the bundled modules only: no --plugin
    expect(udm.config.sample.grid).toEqual({ kind: 'plugin-leading' });
    udm.dispose();
    const resumed = await resumeRun({ runDir: run, steps: 4, progress: 'quiet' });
    expect(resumed.summary.step).toBe(4);
    resumed.udm.dispose();
    expect(configOf(run).plugins).toEqual(recorded);

    // a run someone else wrote: its plugin file is code this user never ran
    const stranger = new PluginTrust(join(dir, 'nobody-trusts'));
    await expect(loadRecordedPlugins(configOf(run), run, run, stranger)).rejects.toThrow(
      /plugins\[0\] \(file "inputs\/plugins\/0\/grid-plugin\.mjs"\): code you have not run before \(SHA-256 [0-9a-f]{64}\); .* pass --plugin /,
    );
    // the copy changed after the run recorded it
    appendFileSync(join(run, recorded[0]!.file), '\n// edited\n');
    await expect(modelFromCheckpoint(run)).rejects.toThrow(
      /plugins\[0\] .*its SHA-256 is [0-9a-f]{64}, not the recorded/,
    );
  }, 120_000);

  it('a plugin package is recorded by name and version and loaded by sample with no flag', async () => {
    await expect(trained({ ...packageConfig, plugins: undefined }, 'no-plugin')).rejects.toThrow(
      /consistency/,
    );
    const run = await trained(packageConfig, 'package-plugin');
    expect(configOf(run).plugins).toEqual([{ package: '@udm/consistency', version: '0.1.0' }]);
    const { udm } = await modelFromCheckpoint(run);
    expect(udm.config.posterior.kind).toBe('consistency');
    udm.dispose();
    // @udm/consistency declares no "udm-plugin" keyword: without the user's trust it is not imported for a run
    const stranger = new PluginTrust(join(dir, 'nobody-trusts'));
    await expect(loadRecordedPlugins(configOf(run), run, run, stranger)).rejects.toThrow(
      /plugins\[0\] \(package "@udm\/consistency"@0\.1\.0\): installed, but it does not declare itself a UDM plugin/,
    );
    // named with --plugin in this command (its entry file trusted for this process), it loads
    PluginTrust.forThisProcess(
      fileTrustEntry(sha256Of(join(process.cwd(), 'packages/consistency/dist/index.js'))),
    );
    expect(await loadRecordedPlugins(configOf(run), run, run, stranger)).toHaveLength(1);
  }, 120_000);

  it('refuses what a run cannot name: a missing package, paths outside inputs/plugins, links leading out', async () => {
    const run = join(dir, 'hostile-run');
    mkdirSync(join(run, 'inputs', 'plugins', '0'), { recursive: true });
    symlinkSync(pluginFile, join(run, 'inputs', 'plugins', '0', 'link.mjs'));
    const trust = new PluginTrust(join(dir, 'trusted-plugins'));
    const refuse = (plugin: unknown) => loadRecordedPlugins({ plugins: [plugin] }, run, 'hostile', trust);
    await expect(refuse({ package: 'udm-no-such-plugin', version: '1.0.0' })).rejects.toThrow(
      /hostile: plugins\[0\] \(package "udm-no-such-plugin"@1\.0\.0\): the run was trained with this plugin, which is not installed here .*npm install udm-no-such-plugin@1\.0\.0/,
    );
    await expect(refuse({ file: pluginFile })).rejects.toThrow(/not a path relative to the run/);
    await expect(refuse({ file: '../src/grid-plugin.mjs' })).rejects.toThrow(/not in inputs\/plugins\//);
    await expect(refuse({ file: 'inputs/plugins/../../x.mjs' })).rejects.toThrow(/not in inputs\/plugins\//);
    await expect(refuse({ file: 'config.json' })).rejects.toThrow(/not in inputs\/plugins\//);
    await expect(refuse({ file: 'inputs/plugins/0/link.mjs' })).rejects.toThrow(
      /symbolic link out of the run directory/,
    );
    await expect(refuse({ file: 'inputs/plugins/0/none.mjs' })).rejects.toThrow(/none\.mjs/);
    await expect(loadRecordedPlugins({ plugins: [7] }, run, 'hostile', trust)).rejects.toThrow(
      /hostile: invalid config: plugins\[0\]: expected an npm package name/,
    );
  });

  it('a package that declares itself a UDM plugin loads for a run with no prior trust', async () => {
    const project = join(dir, 'project');
    const pkg = join(project, 'node_modules', 'udm-plugin-demo');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({
        name: 'udm-plugin-demo',
        version: '2.1.0',
        type: 'module',
        keywords: ['udm-plugin'],
        exports: { '.': { import: './main.js' } },
      }),
    );
    // a plugin module by its shape (no import, so that it needs no @udm/core installed beside it)
    writeFileSync(join(pkg, 'main.js'), 'export const demo = { id: 7, load() {} };\n');
    const stranger = new PluginTrust(join(dir, 'nobody-trusts'));
    const modules = await loadRecordedPlugins(
      { plugins: [{ package: 'udm-plugin-demo', version: '2.1.0' }] },
      join(dir, 'any-run'),
      'run',
      stranger,
      { cwd: project },
    );
    expect(modules).toHaveLength(1);
  });
});
