import type { EvalValues } from '@udm/core';
import type { DistillRow } from './distill-run.js';

/** One metric column of `distillTable`: the metric's key in `DistillRow.metrics`, its header and its decimals. */
export interface DistillColumn {
  readonly key: string;
  readonly title: string;
  readonly digits: number;
}

/**
 * The rows of `udm distill` as a Markdown table: model, DDIM steps, the chosen metric columns (default: every
 * metric of the first row, 4 decimals), sampling and round-training seconds, and a last row with the reference
 * (`count` real training examples scored alike: the floor) when given.
 */
export function distillTable(
  result: { readonly rows: readonly DistillRow[]; readonly reference?: EvalValues },
  columns: readonly DistillColumn[] = Object.keys(result.rows[0]?.metrics ?? {}).map((key) => ({
    key,
    title: key,
    digits: 4,
  })),
): string {
  const f = (v: number | undefined, d: number) => (v === undefined ? '–' : v.toFixed(d));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const metrics = (m: EvalValues | undefined) => columns.map((c) => f(m?.[c.key], c.digits));
  const lines = [
    line(['model', 'DDIM steps', ...columns.map((c) => c.title), 'sampling s', 'round training s']),
    line(Array.from({ length: columns.length + 4 }, () => '---')),
    ...result.rows.map((r) =>
      line([
        r.model === 'teacher' ? 'teacher' : `student, round ${r.round}`,
        String(r.steps),
        ...metrics(r.metrics),
        f(r.sampleSeconds, 2),
        f(r.trainSeconds, 1),
      ]),
    ),
  ];
  if (result.reference)
    lines.push(line(['training data (floor)', '–', ...metrics(result.reference), '–', '–']));
  return lines.join('\n');
}
