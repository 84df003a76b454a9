import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** `writeFileAtomic`'s temporary name for `path`: `.<name>.<pid>.<12 hex digits>.tmp` in the same directory. */
function tempPattern(path: string): RegExp {
  const name = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${name}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * The temporary files an atomic write of `path` left behind because its process died mid-write (SIGKILL, power
 * loss): they match `writeFileAtomic`'s naming and their writer's pid is no longer running. Files of live writers
 * (another process saving right now) are never listed. The target file itself is never affected: it is replaced
 * only by a rename of a complete, fsync'ed file.
 */
export function staleTempFiles(path: string): string[] {
  const target = resolve(path);
  const pattern = tempPattern(target);
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return [];
  }
  return names
    .filter((n) => {
      const m = pattern.exec(n);
      return m !== null && !isAlive(Number(m[1]));
    })
    .map((n) => join(dirname(target), n));
}

/** Removes `staleTempFiles(path)`; returns what was removed. Called before every checkpoint save and on resume. */
export function removeStaleTempFiles(path: string): string[] {
  const stale = staleTempFiles(path);
  for (const f of stale) rmSync(f, { force: true });
  return stale;
}
