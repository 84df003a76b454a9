import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import type { ContainerModule } from 'inversify';
import {
  arrayOf,
  decodeOrThrow,
  describePluginReference,
  pluginReferenceCodec,
  type PluginReference,
} from '@udm/core';
import { runDirectoryFiles, writeFileAtomic } from '@udm/backend-tfjs';
import { importPlugin, pluginModulesOf } from '../commands/import-plugin.js';
import { RUN_INPUTS, type RunDirectory } from '../run/run-directory.js';
import { findInstalledPackage } from './installed-package.js';
import { fileTrustEntry, packageTrustEntry, PluginTrust } from './plugin-trust.js';

/** Where a run keeps the plugin files its config loaded: `inputs/plugins/<i>/<file>`. */
export const RUN_PLUGINS = `${RUN_INPUTS}/plugins`;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The `plugins` field of a raw config, validated before anything else of it (errors name `plugins[i]` and what was
 * expected); none: `[]`.
 */
export function pluginReferencesOf(raw: unknown): PluginReference[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const plugins = (raw as { plugins?: unknown }).plugins;
  if (plugins === undefined) return [];
  return decodeOrThrow(arrayOf(pluginReferenceCodec), plugins, 'plugins');
}

/** One plugin of a user's config, loaded, with what the run records of it. */
interface LoadedPlugin {
  readonly modules: readonly ContainerModule[];
  /** `{ package, version }` (the installed version) or `{ file, sha256 }` (the file's bytes, to copy into the run). */
  readonly record:
    | { readonly package: string; readonly version: string }
    | { readonly bytes: Uint8Array; readonly name: string };
}

/** The plugins a user's config loads, ready to be recorded in the run trained from it. */
export interface ConfigPlugins {
  readonly modules: readonly ContainerModule[];
  readonly loaded: readonly LoadedPlugin[];
}

/**
 * Loads the plugins a config the user wrote names (trusted input, like `--plugin`): packages from the
 * `node_modules` above `from` (the config file's directory, then the working directory), files by a path relative to
 * the working directory. A plugin that cannot be found or exports no plugin module is an error naming `plugins[i]`.
 */
export async function loadConfigPlugins(
  raw: unknown,
  options: { readonly from?: readonly string[] } = {},
): Promise<ConfigPlugins> {
  const from = [...(options.from ?? []), process.cwd()];
  const loaded: LoadedPlugin[] = [];
  for (const [i, ref] of pluginReferencesOf(raw).entries()) {
    const at = `plugins[${i}] (${describePluginReference(ref)})`;
    if ('package' in ref) {
      const found = from.map((dir) => findInstalledPackage(ref.package, dir)).find((p) => p !== undefined);
      if (found === undefined)
        throw new Error(
          `${at}: not installed (no node_modules/${ref.package} in or above ${from.join(' or ')}); install it with ` +
            `npm install ${ref.package}`,
        );
      const modules = pluginModulesOf(await importPlugin(found.entry, at), at);
      loaded.push({ modules, record: { package: found.name, version: found.version } });
    } else {
      const path = resolve(ref.file);
      let bytes: Uint8Array;
      try {
        if (!statSync(path).isFile()) throw new Error('not a regular file');
        bytes = readFileSync(path);
      } catch (e) {
        throw new Error(`${at}: cannot read ${path} (${(e as Error).message})`, { cause: e });
      }
      if (ref.sha256 !== undefined && ref.sha256 !== sha256(bytes))
        throw new Error(`${at}: its SHA-256 is ${sha256(bytes)}, not the ${ref.sha256} the config names`);
      const modules = pluginModulesOf(await importPlugin(path, at), at);
      loaded.push({ modules, record: { bytes, name: basename(path) } });
    }
  }
  return { modules: loaded.flatMap((p) => p.modules), loaded };
}

/**
 * Records a config's plugins in its run: each file copied (atomically) to `inputs/plugins/<i>/<name>` and named by
 * that path and its SHA-256, each package by its name and installed version. Returns `config` with `plugins`
 * replaced by the record, and adds the plugins to the user's trusted plugins (they chose to run them), so the run
 * samples, evaluates and resumes with no flag.
 */
export async function recordConfigPlugins<C>(
  run: RunDirectory,
  plugins: ConfigPlugins,
  config: C,
  trust: PluginTrust = new PluginTrust(),
): Promise<C> {
  if (plugins.loaded.length === 0) return config;
  const recorded: PluginReference[] = [];
  const trusted: { entry: string; from: string }[] = [];
  for (const [i, p] of plugins.loaded.entries()) {
    if ('package' in p.record) {
      recorded.push({ package: p.record.package, version: p.record.version });
      trusted.push({ entry: packageTrustEntry(p.record.package), from: `${run.path} plugins[${i}]` });
    } else {
      const name = `${RUN_PLUGINS}/${i}/${p.record.name}`;
      const file = run.file(name);
      mkdirSync(dirname(file), { recursive: true });
      await writeFileAtomic(file, p.record.bytes);
      const hash = sha256(p.record.bytes);
      recorded.push({ file: name, sha256: hash });
      trusted.push({ entry: fileTrustEntry(hash), from: `${run.path}/${name}` });
    }
  }
  try {
    await trust.add(trusted);
  } catch {
    // an unwritable trust file only means a later `udm sample` of this run asks for --plugin
  }
  return { ...(config as object), plugins: recorded } as C;
}

/**
 * Loads the plugins a run recorded (its config is untrusted data: docs/trust-model.md). A package is imported only
 * when it is installed above the working directory and either declares itself a UDM plugin (`"keywords":
 * ["udm-plugin"]`) or is one of the user's trusted plugins; a file only when it lies in the run's
 * `inputs/plugins/` (a relative path that stays inside, through no link leading out; a regular file), its bytes
 * have the recorded SHA-256, and that SHA-256 is trusted (a config of this user's loaded it, or `--plugin` named it
 * in this process). Anything else is refused with an error naming `plugins[i]`, why, and what to do.
 */
export async function loadRecordedPlugins(
  config: unknown,
  runDir: string,
  where: string,
  trust: PluginTrust = new PluginTrust(),
  options: { readonly cwd?: string } = {},
): Promise<ContainerModule[]> {
  let refs: PluginReference[];
  try {
    refs = pluginReferencesOf(config);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
  }
  const modules: ContainerModule[] = [];
  const cwd = options.cwd ?? process.cwd();
  for (const [i, ref] of refs.entries()) {
    const at = `${where}: plugins[${i}] (${describePluginReference(ref)})`;
    if ('package' in ref) {
      const found = findInstalledPackage(ref.package, cwd);
      if (found === undefined)
        throw new Error(
          `${at}: the run was trained with this plugin, which is not installed here (no node_modules/${ref.package} ` +
            `in or above ${cwd}); install it with npm install ${ref.package}${ref.version ? `@${ref.version}` : ''}`,
        );
      const trusted =
        found.declaresPlugin ||
        trust.has(packageTrustEntry(ref.package)) ||
        // its entry passed with --plugin in this command
        (existsSync(found.entry) && trust.has(fileTrustEntry(sha256(readFileSync(found.entry)))));
      if (!trusted)
        throw new Error(
          `${at}: installed, but it does not declare itself a UDM plugin (package.json "keywords": ["udm-plugin"]) ` +
            'and no config of yours has loaded it; a run’s config is data and does not choose which code runs — ' +
            `pass --plugin ${found.entry} if you trust it`,
        );
      modules.push(...pluginModulesOf(await importPlugin(found.entry, at), at));
      continue;
    }
    const rule = `a run may name only a plugin file it keeps in ${RUN_PLUGINS}/`;
    if (isAbsolute(ref.file) || ref.file.includes('\0'))
      throw new Error(`${at}: not a path relative to the run; ${rule}`);
    const inside = normalize(ref.file);
    if (!(
      inside.startsWith(`${normalize(RUN_PLUGINS)}${sep}`) && !relative(RUN_PLUGINS, inside).startsWith('..')
    ))
      throw new Error(`${at}: not in ${RUN_PLUGINS}/; ${rule}`);
    // refuses a path leading out of the run, a link leading out, a device or pipe
    const file = runDirectoryFiles(runDir).read(ref.file, `${at}`, { maxBytes: 64 * 1024 * 1024 });
    const hash = sha256(file.bytes);
    if (ref.sha256 !== undefined && hash !== ref.sha256)
      throw new Error(`${at}: its SHA-256 is ${hash}, not the recorded ${ref.sha256} (the file was changed)`);
    if (!trust.has(fileTrustEntry(hash)))
      throw new Error(
        `${at}: code you have not run before (SHA-256 ${hash}); a run’s config is data and cannot make udm run ` +
          `code — read the file and, if you trust it, pass --plugin ${resolve(runDir, ref.file)}`,
      );
    modules.push(...pluginModulesOf(await importPlugin(file.path, at), at));
  }
  return modules;
}

/** `modules` without repeats (one module object loaded twice would register its kinds twice). */
export function uniqueModules(modules: readonly ContainerModule[]): ContainerModule[] {
  return [...new Set(modules)];
}
