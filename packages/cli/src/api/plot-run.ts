import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { lossCurveSvg } from '../plot/loss-curve.js';
import { svgToPng } from '../plot/svg-to-png.js';
import { readMetrics } from '../run/read-metrics.js';

export interface PlotRunOptions {
  /** A run directory holding `metrics.jsonl`. */
  readonly runDir: string;
  /** Where the figures go (default: the run directory). */
  readonly outDir?: string;
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
  const svg = lossCurveSvg(records, `training loss — ${basename(runDir)}`);
  const outDir = options.outDir ?? runDir;
  const files = { svg: join(outDir, 'loss-curve.svg'), png: join(outDir, 'loss-curve.png') };
  await writeFileAtomic(files.svg, Buffer.from(svg));
  await writeFileAtomic(files.png, svgToPng(svg));
  return { records: records.length, lastStep: records.at(-1)!.step, files };
}
