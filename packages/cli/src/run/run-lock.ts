import { closeSync, constants, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file of a run directory, held by the one process that trains in it. */
export const RUN_LOCK_FILE = 'run.lock';

/** Who holds a run directory's lock (the lock file's JSON). */
export interface RunLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
}

/** A second writer of a run directory (`udm train`/`udm resume` while another holds it). */
export class RunLockedError extends Error {
  constructor(
    readonly runDir: string,
    readonly holder: RunLockHolder | undefined,
  ) {
    super(
      `run: ${runDir} is in use by ${
        holder
          ? `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})`
          : 'another process (its lock file is unreadable)'
      }; two writers would make its checkpoint go back and forth. Wait for it to finish, or remove ` +
        `${join(runDir, RUN_LOCK_FILE)} if that process is gone`,
    );
    this.name = 'RunLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): RunLockHolder | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunLockHolder>;
    return typeof v.pid === 'number' && typeof v.host === 'string'
      ? { pid: v.pid, host: v.host, command: String(v.command), since: String(v.since) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A held lock; `release()` removes the lock file (also done at process exit). */
export interface RunLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes the exclusive lock of a run directory: creates `run.lock` (O_EXCL, not following links) holding this
 * process's pid, host, command and start time. If the file exists, its holder keeps the run — a RunLockedError names
 * it — unless it is a process of this host that no longer runs (killed, crashed): that stale lock is taken over.
 */
export function lockRun(runDir: string, command = process.argv.slice(2).join(' ') || 'udm'): RunLock {
  const file = join(runDir, RUN_LOCK_FILE);
  const me: RunLockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(
        file,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o644,
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new RunLockedError(runDir, readHolder(file));
        throw e;
      }
      const holder = readHolder(file);
      const stale = holder !== undefined && holder.host === me.host && !isAlive(holder.pid);
      if (!stale) throw new RunLockedError(runDir, holder);
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      process.off('exit', release);
      if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
    };
    process.on('exit', release);
    return { file, release };
  }
}
