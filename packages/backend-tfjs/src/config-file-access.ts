import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readRegularFileSync, UnsafeFileError } from './read-regular-file.js';

/** What a read is told about the file besides its path (structurally `ConfigFileOptions` of `@udm/core`). */
export interface FileAccessOptions {
  /** The file read when the path names a directory (e.g. `autoencoder.safetensors` in a run directory). */
  readonly entry?: string;
  /** Names the file in errors (default "file"). */
  readonly what?: string;
  /** Refuse a larger file. */
  readonly maxBytes?: number;
}

/** Reads the files a config names (structurally `ConfigFiles` of `@udm/core`, bound to its `CONFIG_FILES`). */
export interface FileAccess {
  read(
    path: string,
    at: string,
    options?: FileAccessOptions,
  ): { readonly path: string; readonly bytes: Uint8Array };
}

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

function missing(at: string, file: string, options: FileAccessOptions): Error {
  const what = options.what ?? 'file';
  return new Error(
    `${at}: no such file ${file} (expected the ${what}${options.entry ? `, or a directory holding ${options.entry}` : ''})`,
  );
}

function readRegular(at: string, file: string, options: FileAccessOptions, follow: boolean): Uint8Array {
  try {
    return readRegularFileSync(file, {
      followSymlinks: follow,
      what: options.what ?? 'file',
      ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    });
  } catch (e) {
    if (e instanceof UnsafeFileError) throw new Error(`${at}: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * Files named by a config the user wrote (a config file, `--set`, the API): trusted input, so any regular file, a
 * relative path taken from the working directory. Devices, pipes and sockets are still refused before any byte is
 * read (`readRegularFileSync`).
 */
export function workingDirectoryFiles(): FileAccess {
  return {
    read(path, at, options = {}) {
      const named = resolve(path);
      const file = options.entry && isDirectory(named) ? join(named, options.entry) : named;
      if (!existsSync(file)) throw missing(at, file, options);
      return { path: file, bytes: readRegular(at, file, options, true) };
    },
  };
}

const within = (dir: string, path: string): boolean => {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
};

/**
 * Files named by a config read back from a checkpoint, which is untrusted: only a relative path that stays inside the
 * run directory `dir` (no `..` out of it, no symbolic link that leads out), naming a regular file. Anything else is
 * refused with an error naming the field, before the file is opened.
 */
export function runDirectoryFiles(dir: string): FileAccess {
  return {
    read(path, at, options = {}) {
      const rule = `a checkpoint's config may name only a file inside its run directory ${dir}, by a path relative to it`;
      if (path.includes('\0')) throw new Error(`${at}: the path contains a NUL character; ${rule}`);
      if (isAbsolute(path)) throw new Error(`${at}: ${JSON.stringify(path)} is an absolute path; ${rule}`);
      const base = resolve(dir);
      const named = resolve(base, path);
      if (!within(base, named))
        throw new Error(`${at}: ${JSON.stringify(path)} leads out of the run directory; ${rule}`);
      if (!existsSync(base)) throw missing(at, named, options);
      const realBase = realpathSync(base);
      const confined = (p: string): string => {
        if (!existsSync(p)) throw missing(at, p, options);
        const real = realpathSync(p); // follows links without opening the file
        if (!within(realBase, real))
          throw new Error(
            `${at}: ${JSON.stringify(path)} is or passes through a symbolic link out of the run directory; ${rule}`,
          );
        return real;
      };
      let file = confined(named);
      if (options.entry && statSync(file).isDirectory()) file = confined(join(file, options.entry));
      // `file` has no link left in it; O_NOFOLLOW refuses one put there since
      return { path: file, bytes: readRegular(at, file, options, false) };
    },
  };
}
