import type { ServiceIdentifier } from 'inversify';

/** What `ConfigFiles.read` is told about the file besides its path. */
export interface ConfigFileOptions {
  /** The file read when the path names a directory (e.g. `autoencoder.safetensors` in a run directory). */
  readonly entry?: string;
  /** Names the file in errors (e.g. "autoencoder checkpoint"). */
  readonly what?: string;
  /** Refuse a larger file. */
  readonly maxBytes?: number;
}

/** A file a config named, as read: where it was found and its bytes. */
export interface ConfigFile {
  /** The path the bytes were read from (for messages). */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * How a part reads a file its config names (e.g. `data.autoencoder`): the application binds one to `CONFIG_FILES`
 * for each config it builds. A config the user wrote may name any regular file (relative to the working directory); a
 * config read back from a checkpoint is untrusted, and may name only regular files inside its run directory, by a
 * relative path. A part never opens such a path itself.
 */
export interface ConfigFiles {
  /**
   * The bytes of the regular file that config field `at` names by `path` (as written in the config); an error naming
   * `at` when that path may not be read (a device, a pipe, a path out of the run directory…), before any byte is read.
   */
  read(path: string, at: string, options?: ConfigFileOptions): ConfigFile;
}

/** The DI token of the `ConfigFiles` a composition root binds (absent: a part reads relative to the working directory). */
export const CONFIG_FILES: ServiceIdentifier<ConfigFiles> = Symbol.for('udm.ConfigFiles');
