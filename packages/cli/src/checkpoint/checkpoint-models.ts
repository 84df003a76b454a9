import { ContainerModule } from 'inversify';
import { decodeSafetensors, runDirectoryFiles, workingDirectoryFiles } from '@udm/backend-tfjs';
import {
  CHECKPOINT_MODELS,
  CONFIG_FILES,
  ConfigError,
  type CheckpointModels,
  type ConfigFile,
  type ConfigFileOptions,
  type ConfigFiles,
  type Udm,
} from '@udm/core';
import { runDirectoryOf } from '../run/run-inputs.js';
import { decodeCheckpoint } from './decode-checkpoint.js';
import { createFromCheckpoint, restoreCheckpointWeights } from './restore-checkpoint.js';

/** The checkpoint a run directory holds (its latest). */
export const RUN_CHECKPOINT = 'checkpoint.safetensors';

/** How many checkpoints deep a model may read another (a classifier's config naming a checkpoint of its own: 2). */
const MAX_DEPTH = 2;

/** An error naming config field `at` (once). */
function named(at: string, e: unknown): ConfigError {
  if (e instanceof ConfigError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ConfigError([message.startsWith(`${at}:`) ? message : `${at}: ${message}`]);
}

/**
 * `CheckpointModels` over `files`: the path is read through `files` (its checks run before the file is opened), the
 * bytes are decoded as an untrusted UDM checkpoint, the model is built by `plugins` from the config recorded in it —
 * whose own files are read only from that checkpoint's run directory — and its weights restored (θ̄ when its config
 * samples with the EMA). Errors are ConfigErrors naming the field.
 */
export function checkpointModels(
  files: ConfigFiles,
  plugins: readonly ContainerModule[],
  depth = 0,
): CheckpointModels {
  return {
    load(path: string, at: string): Udm {
      if (depth >= MAX_DEPTH)
        throw new ConfigError([
          `${at}: a checkpoint read by a model that was itself read from a checkpoint (deeper than ${MAX_DEPTH} levels) is refused`,
        ]);
      let file: { readonly path: string; readonly bytes: Uint8Array };
      let loaded: ReturnType<typeof decodeCheckpoint>;
      try {
        file = files.read(path, at, { entry: RUN_CHECKPOINT, what: 'checkpoint' });
        loaded = decodeCheckpoint(decodeSafetensors(file.bytes), file.path);
      } catch (e) {
        throw named(at, e);
      }
      try {
        const own = modelFilesModule(runDirectoryFiles(runDirectoryOf(file.path)), plugins, depth + 1);
        const udm = createFromCheckpoint(loaded.config, [...plugins, own], file.path);
        try {
          restoreCheckpointWeights(udm, loaded, file.path);
          if (udm.config.sample.useEma && udm.ema) udm.useEmaWeights();
        } catch (e) {
          udm.dispose();
          throw e;
        }
        return udm;
      } catch (e) {
        throw named(at, e);
      } finally {
        loaded.dispose();
      }
    },
  };
}

/**
 * Binds how the parts of a model read what their config names: its files (`CONFIG_FILES`) and, through the same
 * checks, trained models in checkpoints (`CHECKPOINT_MODELS`, built by `plugins`).
 */
export function modelFilesModule(
  files: ConfigFiles,
  plugins: readonly ContainerModule[],
  depth = 0,
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(CONFIG_FILES).toConstantValue(files);
    bind(CHECKPOINT_MODELS).toConstantValue(checkpointModels(files, plugins, depth));
  });
}

/**
 * For code that builds models with `createUdm`: binds `CONFIG_FILES` and `CHECKPOINT_MODELS` so that parts read the
 * files and checkpoints a config names (e.g. `sample.guidance.classifier`). Default `files`: the user's own config,
 * trusted, relative to the working directory.
 */
export function checkpointModelsModule(
  plugins: readonly ContainerModule[],
  files: ConfigFiles = workingDirectoryFiles(),
): ContainerModule {
  return modelFilesModule(files, plugins);
}

/**
 * The files of a checkpoint's config where some fields were written by the user (`--set`, `--label`, `--guidance` of
 * `udm sample` / `udm eval`): those fields (and the fields under them) are trusted and read like a config file, the
 * rest only through `checkpoint` (its run directory). `trust` adds fields the user writes later, e.g. a guidance
 * built when sampling, after the checkpoint's own guidance was built with the model.
 */
export class UserFieldFiles implements ConfigFiles {
  private readonly fields: string[];

  constructor(
    fields: readonly string[],
    private readonly user: ConfigFiles,
    private readonly checkpoint: ConfigFiles,
  ) {
    this.fields = [...fields];
  }

  trust(...fields: readonly string[]): void {
    this.fields.push(...fields);
  }

  read(path: string, at: string, options?: ConfigFileOptions): ConfigFile {
    const written = this.fields.some((f) => at === f || at.startsWith(`${f}.`));
    return (written ? this.user : this.checkpoint).read(path, at, options);
  }
}
