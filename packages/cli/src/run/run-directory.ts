import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';

function stamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * A run's directory: `config.json` (as resolved, with defaults), `metrics.jsonl` (one JSON object per logged
 * step), `checkpoint.safetensors`, sample grids and plots. Every file except the append-only metrics log is
 * written atomically (temp file, then rename).
 */
export class RunDirectory {
  readonly path: string;

  constructor(root: string, name: string) {
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
    appendFileSync(this.file('metrics.jsonl'), `${JSON.stringify(record)}\n`);
  }

  /**
   * Drops metrics logged after `step` (a killed run logs steps its last checkpoint does not hold; the resumed run
   * logs them again) and any torn last line. Returns the number of lines dropped.
   */
  async truncateMetrics(step: number): Promise<number> {
    const file = this.file('metrics.jsonl');
    if (!existsSync(file)) return 0;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').filter((l) => l.length > 0);
    const kept = lines.filter((line) => {
      try {
        const s = (JSON.parse(line) as { step?: unknown }).step;
        return typeof s === 'number' && s <= step;
      } catch {
        return false;
      }
    });
    if (kept.length === lines.length && (text.length === 0 || text.endsWith('\n'))) return 0;
    await writeFileAtomic(file, Buffer.from(kept.map((l) => `${l}\n`).join('')));
    return lines.length - kept.length;
  }
}
