import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ContainerModule } from 'inversify';
import type { ConfigFile, ConfigFileOptions, ConfigFiles } from '@udm/core';
import { runDirectoryFiles, workingDirectoryFiles, writeFileAtomic } from '@udm/backend-tfjs';
import { CHECKPOINT_HISTORY } from '../api/run-training.js';
import { modelFilesModule } from '../checkpoint/checkpoint-models.js';
import { RUN_INPUTS, type RunDirectory } from './run-directory.js';

/**
 * The run directory of a checkpoint: the directory holding it, or the run above it for a kept copy in
 * `checkpoints/`. A checkpoint's config names files relative to it.
 */
export function runDirectoryOf(checkpointFile: string): string {
  const dir = dirname(checkpointFile);
  return basename(dir) === CHECKPOINT_HISTORY ? dirname(dir) : dir;
}

/**
 * The files (and checkpoints, built by `plugins`) a config read back from the checkpoint `file` may name: only those
 * inside its run directory.
 */
export function checkpointFiles(
  checkpointFile: string,
  plugins: readonly ContainerModule[],
): ContainerModule {
  return modelFilesModule(runDirectoryFiles(runDirectoryOf(checkpointFile)), plugins);
}

interface RecordedInput {
  readonly at: string;
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** `config` with the string at the dotted field path `at` replaced by `value` (a copy; errors name `at`). */
function withValueAt(config: unknown, at: string, value: string): unknown {
  const set = (node: unknown, keys: readonly string[]): unknown => {
    const [key, ...rest] = keys;
    const object = node as Record<string, unknown> | null;
    if (
      typeof object !== 'object' ||
      object === null ||
      Array.isArray(object) ||
      !Object.hasOwn(object, key!)
    )
      throw new Error(
        `${at}: a part read a file for this field, but the config has no such field, so the run cannot record it`,
      );
    if (rest.length > 0) return { ...object, [key!]: set(object[key!], rest) };
    if (typeof object[key!] !== 'string')
      throw new Error(`${at}: a part read a file for this field, but it is not a path in the config`);
    return { ...object, [key!]: value };
  };
  return set(config, at.split('.'));
}

/**
 * The files a user's config names (trusted: any regular file, relative to the working directory), remembered as
 * they are read, so that `record` copies them into the run directory and the run's config names the copies by a
 * path relative to the run: the run then depends on no working directory and no file outside it.
 */
export class RunInputs implements ConfigFiles {
  private readonly inputs = new Map<string, RecordedInput>();
  private readonly source = workingDirectoryFiles();

  read(path: string, at: string, options?: ConfigFileOptions): ConfigFile {
    const file = this.source.read(path, at, options);
    this.inputs.set(at, { at, name: `${RUN_INPUTS}/${at}/${basename(file.path)}`, bytes: file.bytes });
    return file;
  }

  /** The module binding these inputs as the model's `CONFIG_FILES` (and `CHECKPOINT_MODELS`, built by `plugins`). */
  module(plugins: readonly ContainerModule[]): ContainerModule {
    return modelFilesModule(this, plugins);
  }

  /**
   * Writes a copy of every file read into the run directory (atomically: temporary file, then rename) — the very
   * bytes the model was built from — and returns `config` with each field naming its copy.
   */
  async record<C>(run: RunDirectory, config: C): Promise<C> {
    let recorded: unknown = config;
    for (const input of this.inputs.values()) {
      const file = run.file(input.name);
      mkdirSync(dirname(file), { recursive: true });
      await writeFileAtomic(file, input.bytes);
      recorded = withValueAt(recorded, input.at, input.name);
    }
    return recorded as C;
  }
}
