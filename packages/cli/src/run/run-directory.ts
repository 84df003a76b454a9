import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendRegularFileSync, readRegularFileSync, writeFileAtomic } from '@udm/backend-tfjs';
import { lockRun, RUN_LOCK_FILE, type RunLock } from './run-lock.js';

/** Where `truncateMetrics` keeps the lines of metrics.jsonl it could not parse. */
export const UNPARSED_METRICS_FILE = 'metrics.unparsed.jsonl';

/** The folder of a run directory holding copies of the files its config names (`inputs/<field>/<file>`). */
export const RUN_INPUTS = 'inputs';

function stamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * A run's directory: `config.json` (as resolved, with defaults), `metrics.jsonl` (one JSON object per logged
 * step), `checkpoint.safetensors`, sample grids and plots. Every file except the append-only metrics log is
 * written atomically (temp file, then rename); symbolic links placed in it are never followed (the metrics log is
 * opened with O_NOFOLLOW, atomic writes replace a link instead of writing through it). A process that trains in it
 * holds its `run.lock` (`lock()`).
 */
export class RunDirectory {
  readonly path: string;

  constructor(root: string, name: string) {
    // the name is one path segment under `root`: "../x", "a/b" or an absolute path would escape it
    if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name))
      throw new Error(`name: expected a plain run name (no "/", "\\" or ".."), got ${JSON.stringify(name)}`);
    mkdirSync(resolve(root), { recursive: true });
    const base = resolve(root, `${name}-${stamp()}`);
    let path = base;
    for (let k = 2; ; k++) {
      try {
        mkdirSync(path, { recursive: false });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        path = `${base}-${k}`;
      }
    }
    this.path = path;
  }

  /** An existing run directory (to resume it). */
  static open(path: string): RunDirectory {
    const dir = resolve(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new Error(`run: no such run directory ${dir}`);
    const run = Object.create(RunDirectory.prototype) as RunDirectory;
    Object.defineProperty(run, 'path', { value: dir, enumerable: true });
    return run;
  }

  /** Takes the run's exclusive lock (`lockRun`): a second trainer of this directory gets a RunLockedError. */
  lock(): RunLock {
    return lockRun(this.path);
  }

  /**
   * Removes the directory if it holds nothing but its config, lock and the copies of its inputs (a run that failed
   * before training).
   */
  removeIfUnused(): void {
    const setUp = new Set(['config.json', RUN_LOCK_FILE, RUN_INPUTS]);
    const files = readdirSync(this.path).filter((f) => !setUp.has(f));
    if (files.length === 0) rmSync(this.path, { recursive: true, force: true });
  }

  /** Reads one of the run's files: a regular file, not through a symbolic link. */
  read(name: string): string {
    return new TextDecoder().decode(
      readRegularFileSync(this.file(name), { followSymlinks: false, what: name }),
    );
  }

  file(name: string): string {
    return join(this.path, name);
  }

  async writeJson(name: string, value: unknown): Promise<string> {
    const path = this.file(name);
    await writeFileAtomic(path, Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
    return path;
  }

  async writeBytes(name: string, bytes: Uint8Array): Promise<string> {
    const path = this.file(name);
    await writeFileAtomic(path, bytes);
    return path;
  }

  appendMetrics(record: Record<string, unknown>): void {
    appendRegularFileSync(this.file('metrics.jsonl'), `${JSON.stringify(record)}\n`, 'metrics.jsonl');
  }

  /**
   * Drops metrics logged after `step` (a killed run logs steps its last checkpoint does not hold; the resumed run
   * logs them again). Lines that are not a JSON object with a numeric step (a torn last line, an edit) are not lost:
   * they are appended to `metrics.unparsed.jsonl` beside it. Returns the counts.
   */
  async truncateMetrics(step: number): Promise<{ readonly dropped: number; readonly setAside: number }> {
    const file = this.file('metrics.jsonl');
    if (!existsSync(file) && !isLink(file)) return { dropped: 0, setAside: 0 };
    const text = this.read('metrics.jsonl');
    const lines = text.split('\n').filter((l) => l.length > 0);
    const kept: string[] = [];
    const unparsed: string[] = [];
    for (const line of lines) {
      let s: unknown;
      try {
        s = (JSON.parse(line) as { step?: unknown } | null)?.step;
      } catch {
        s = undefined;
      }
      if (typeof s !== 'number') unparsed.push(line);
      else if (s <= step) kept.push(line);
    }
    if (kept.length === lines.length && (text.length === 0 || text.endsWith('\n')))
      return { dropped: 0, setAside: 0 };
    if (unparsed.length > 0)
      appendRegularFileSync(
        this.file(UNPARSED_METRICS_FILE),
        unparsed.map((l) => `${l}\n`).join(''),
        UNPARSED_METRICS_FILE,
      );
    await writeFileAtomic(file, Buffer.from(kept.map((l) => `${l}\n`).join('')));
    return { dropped: lines.length - kept.length - unparsed.length, setAside: unparsed.length };
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
