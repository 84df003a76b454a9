import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { lossCurvesSvg, lossCurveSvg } from '../plot/loss-curve.js';
import { svgToPng } from '../plot/svg-to-png.js';
import { readMetrics } from '../run/read-metrics.js';

export interface PlotRunOptions {
  /** A run directory holding `metrics.jsonl`. */
  readonly runDir: string;
  /** Where the figures go (default: the run directory). */
  readonly outDir?: string;
  /** A logarithmic loss axis (true), a linear one (false), or chosen from the range (default). */
  readonly logY?: boolean;
}

export interface PlotRunResult {
  /** Number of logged records plotted. */
  readonly records: number;
  readonly lastStep: number;
  readonly files: { readonly svg: string; readonly png: string };
}

/** Draws a run's loss curve from its `metrics.jsonl` as `loss-curve.svg` and `loss-curve.png`. */
export async function plotRun(options: PlotRunOptions): Promise<PlotRunResult> {
  const runDir = resolve(options.runDir);
  const records = readMetrics(join(runDir, 'metrics.jsonl'));
  const svg = lossCurveSvg(
    records,
    `training loss — ${basename(runDir)}`,
    options.logY !== undefined ? { logY: options.logY } : {},
  );
  const outDir = options.outDir ?? runDir;
  const files = { svg: join(outDir, 'loss-curve.svg'), png: join(outDir, 'loss-curve.png') };
  await writeFileAtomic(files.svg, Buffer.from(svg));
  await writeFileAtomic(files.png, svgToPng(svg));
  return { records: records.length, lastStep: records.at(-1)!.step, files };
}

export interface CompareRunsOptions {
  /** Run directories holding `metrics.jsonl`. */
  readonly runDirs: readonly string[];
  /** Where `loss-curves.svg` / `.png` go (default: the current directory). */
  readonly outDir?: string;
  readonly logY?: boolean;
}

/** Several runs' loss curves (and held-out losses) on one chart: `loss-curves.svg` and `loss-curves.png`. */
export async function compareRuns(options: CompareRunsOptions): Promise<PlotRunResult> {
  const runs = options.runDirs.map((dir) => ({
    label: basename(resolve(dir)),
    records: readMetrics(join(resolve(dir), 'metrics.jsonl')),
  }));
  const svg = lossCurvesSvg(runs, options.logY !== undefined ? { logY: options.logY } : {});
  const outDir = resolve(options.outDir ?? '.');
  const files = { svg: join(outDir, 'loss-curves.svg'), png: join(outDir, 'loss-curves.png') };
  await writeFileAtomic(files.svg, Buffer.from(svg));
  await writeFileAtomic(files.png, svgToPng(svg));
  return {
    records: runs.reduce((n, r) => n + r.records.length, 0),
    lastStep: Math.max(...runs.map((r) => r.records.at(-1)!.step)),
    files,
  };
}
