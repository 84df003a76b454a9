import { existsSync, readFileSync } from 'node:fs';

/** One line of a run's `metrics.jsonl`: the step and the numbers logged with it. */
export interface MetricsRecord {
  readonly step: number;
  readonly loss: number;
  readonly [name: string]: number;
}

/**
 * Reads a `metrics.jsonl` file: one JSON object per line with a numeric `step` and `loss`. A torn last line (a
 * killed writer) is skipped; any other malformed line is an error naming the file and line.
 */
export function readMetrics(file: string): MetricsRecord[] {
  if (!existsSync(file)) throw new Error(`metrics: no such file ${file}`);
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: MetricsRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim().length === 0) return;
    const last = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      if (last) return;
      throw new Error(`metrics: ${file} line ${i + 1} is not valid JSON (${(e as Error).message})`);
    }
    const r = value as Record<string, unknown>;
    if (typeof r?.['step'] !== 'number' || typeof r['loss'] !== 'number')
      throw new Error(`metrics: ${file} line ${i + 1}: expected an object with numeric "step" and "loss"`);
    records.push(r as MetricsRecord);
  });
  return records;
}
