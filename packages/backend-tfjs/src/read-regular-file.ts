import { closeSync, constants, fstatSync, openSync, readSync, writeSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants as buffer } from 'node:buffer';

/** The largest file read by default: what one Node Buffer can hold. */
export const MAX_READ_BYTES = buffer.MAX_LENGTH;

export interface ReadRegularFileOptions {
  /** Refuse a larger file (default `MAX_READ_BYTES`). */
  readonly maxBytes?: number;
  /** Follow a symbolic link at the path itself (default true; run-directory files are opened with false). */
  readonly followSymlinks?: boolean;
  /** Names the file in errors, e.g. "data.autoencoder" (default "file"). */
  readonly what?: string;
}

/** A file that is refused before it is read: not a regular file, a symbolic link not followed, or too large. */
export class UnsafeFileError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'UnsafeFileError';
  }
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a pipe';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

// O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused right after, by fstat).
const flagsFor = (follow: boolean, base: number): number =>
  base | constants.O_NONBLOCK | (follow ? 0 : constants.O_NOFOLLOW);

function refused(path: string, e: unknown, options: ReadRegularFileOptions): never {
  const code = (e as NodeJS.ErrnoException).code;
  // ENXIO: a socket (or a FIFO without a writer opened for writing) cannot be opened as a file at all
  if (code === 'ENXIO')
    throw new UnsafeFileError(path, `${options.what ?? 'file'} must be a regular file, this is a socket`);
  if (code === 'ELOOP' && options.followSymlinks === false)
    throw new UnsafeFileError(
      path,
      `${options.what ?? 'file'} is a symbolic link, which is not followed here`,
    );
  throw e;
}

function check(path: string, s: Stats, options: ReadRegularFileOptions): number {
  const what = options.what ?? 'file';
  if (!s.isFile()) throw new UnsafeFileError(path, `${what} must be a regular file, this is ${kindOf(s)}`);
  const max = options.maxBytes ?? MAX_READ_BYTES;
  if (s.size > max)
    throw new UnsafeFileError(path, `${what} is ${s.size} bytes, more than the limit of ${max} bytes`);
  return s.size;
}

/**
 * Reads a file that may be named by untrusted input (a checkpoint's config, a run directory someone else wrote):
 * only a regular file is read (a device such as /dev/zero or /dev/stdin, a pipe or a directory is refused before any
 * byte is read, without blocking), at most `maxBytes`, and exactly the size it had when opened; with
 * `followSymlinks: false` a symbolic link at the path is refused (O_NOFOLLOW). Errors are `UnsafeFileError`s naming
 * the path (or the system's error for a missing file).
 */
export async function readRegularFile(
  path: string,
  options: ReadRegularFileOptions = {},
): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, flagsFor(options.followSymlinks ?? true, constants.O_RDONLY));
  } catch (e) {
    refused(path, e, options);
  }
  try {
    const size = check(path, await handle.stat(), options);
    const bytes = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(bytes, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } finally {
    await handle.close();
  }
}

/** `readRegularFile`, synchronously. */
export function readRegularFileSync(path: string, options: ReadRegularFileOptions = {}): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, flagsFor(options.followSymlinks ?? true, constants.O_RDONLY));
  } catch (e) {
    refused(path, e, options);
  }
  try {
    const size = check(path, fstatSync(fd), options);
    const bytes = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, bytes, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends to a file (created if missing) without following a symbolic link at the path and only if it is a regular
 * file: a run directory's log cannot be redirected to a file elsewhere.
 */
export function appendRegularFileSync(path: string, text: string, what = 'file'): void {
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_WRONLY |
        constants.O_APPEND |
        constants.O_CREAT |
        constants.O_NOFOLLOW |
        constants.O_NONBLOCK,
      0o666,
    );
  } catch (e) {
    refused(path, e, { followSymlinks: false, what });
  }
  try {
    check(path, fstatSync(fd), { what, maxBytes: Number.MAX_SAFE_INTEGER });
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
