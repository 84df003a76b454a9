import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerModule } from 'inversify';
import { ConfigError, createUdm, type Udm } from '@udm/core';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { createFromCheckpoint, restoreCheckpoint } from '../checkpoint/restore-checkpoint.js';
import { runDirectoryFiles, workingDirectoryFiles } from '@udm/backend-tfjs';
import { modelFilesModule, UserFieldFiles } from '../checkpoint/checkpoint-models.js';
import { runDirectoryOf } from '../run/run-inputs.js';
import { applyConfigSets, parseConfigSet, type ConfigSet } from './config-set.js';
import { loadRecordedPlugins, uniqueModules } from '../plugins/config-plugins.js';
import { defaultModules } from './default-modules.js';

/** The checkpoint file a path names: the file itself, or `checkpoint.safetensors` in a run directory. */
export function checkpointFile(path: string): string {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'checkpoint.safetensors') : path;
  if (!existsSync(file)) throw new Error(`checkpoint: no such file ${file}`);
  return file;
}

function createWithSets(
  config: unknown,
  sets: readonly (ConfigSet | string)[],
  modules: readonly ContainerModule[],
  file: string,
): Udm {
  if (sets.length === 0) return createFromCheckpoint(config, modules, file);
  const changed = applyConfigSets(config, sets);
  try {
    return createUdm(changed, modules);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new Error(
      `--set: the checkpoint's config with these overrides (--set, --label, --guidance) is invalid: ${e.message}`,
      {
        cause: e,
      },
    );
  }
}

/**
 * Builds the model a checkpoint (file or run directory) holds and restores its weights; with `useEma` (default:
 * the config's `sample.useEma`) the EMA weights are loaded. `set` overrides fields of the checkpoint's config
 * (`sample.grid.kind=trailing`), validated like a config file. The optimizer state is not restored (only training
 * needs it). The caller disposes the model.
 */
export async function modelFromCheckpoint(
  path: string,
  options: {
    readonly modules?: readonly ContainerModule[];
    readonly useEma?: boolean;
    readonly set?: readonly (ConfigSet | string)[];
    /**
     * Config fields the caller builds after the model from the user's options (e.g. `sample.guidance` of
     * `--guidance`, given to `sample`): the files they name are trusted like a config file's, as are those `set`
     * names; the checkpoint's own config may name only files inside its run directory.
     */
    readonly userFields?: readonly string[];
  } = {},
): Promise<{
  readonly udm: Udm;
  readonly file: string;
  readonly step: number;
  /** Whether the EMA weights θ̄ were loaded (the config keeps an EMA and `useEma` asked for it). */
  readonly ema: boolean;
}> {
  const file = checkpointFile(path);
  const loaded = await loadCheckpoint(file);
  try {
    // the checkpoint's config is untrusted: the plugins it recorded load only by the rules of loadRecordedPlugins,
    // and the files it names are read only from inside its run directory
    const recordedPlugins = await loadRecordedPlugins(loaded.config, runDirectoryOf(file), file);
    const plugins = uniqueModules([...(options.modules ?? defaultModules()), ...recordedPlugins]);
    const sets = (options.set ?? []).map((s) => (typeof s === 'string' ? parseConfigSet(s) : s));
    const files = new UserFieldFiles(
      sets.map((s) => s.path.join('.')),
      workingDirectoryFiles(),
      runDirectoryFiles(runDirectoryOf(file)),
    );
    const modules = [...plugins, modelFilesModule(files, plugins)];
    const udm = createWithSets(loaded.config, options.set ?? [], modules, file);
    files.trust(...(options.userFields ?? [])); // fields the caller builds later (a guidance given to sample)
    try {
      await restoreCheckpoint(udm, loaded, file, { optimizer: false }); // sampling never needs it
    } catch (e) {
      udm.dispose();
      throw e;
    }
    const ema = (options.useEma ?? udm.config.sample.useEma) && udm.ema !== undefined;
    if (ema) udm.useEmaWeights();
    return { udm, file, step: loaded.meta.step, ema };
  } finally {
    loaded.dispose();
  }
}
