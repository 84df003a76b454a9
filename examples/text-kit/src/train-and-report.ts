import { loadavg } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { trainRun, withOverrides, type ConfigOverrides, type ProgressMode } from '@udm/cli';
import type { Udm } from '@udm/core';

/** What every text example reports about its training run. */
export interface TrainingReport {
  readonly runDir: string;
  readonly trainSeconds: number;
  readonly trainStepsPerSecond: number;
  readonly trainSteps: number;
  /** The 1-, 5- and 15-minute load averages before and after training (the machine may be shared). */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

export interface TrainAndReportOptions {
  readonly config: unknown;
  readonly overrides?: ConfigOverrides;
  readonly outDir?: string;
  /** The run name prefix. */
  readonly name: string;
  readonly progress?: ProgressMode;
}

/**
 * Trains a run (`trainRun`), hands the trained model to `evaluate`, writes the training report and what `evaluate`
 * returned to `<run>/results.json` (temp file + rename) and disposes the model.
 */
export async function trainAndReport<R extends object>(
  options: TrainAndReportOptions,
  evaluate: (udm: Udm) => R | Promise<R>,
): Promise<TrainingReport & R> {
  const loadBefore = loadavg();
  const trained = await trainRun({
    config: withOverrides(options.config, options.overrides ?? {}),
    outDir: options.outDir,
    name: options.name,
    progress: options.progress,
  });
  const loadAfter = loadavg();
  const udm = trained.udm;
  try {
    const report: TrainingReport = {
      runDir: trained.runDir,
      trainSeconds: trained.summary.seconds,
      trainStepsPerSecond: trained.summary.stepsPerSecond,
      trainSteps: trained.summary.step,
      loadBefore,
      loadAfter,
    };
    const result = { ...report, ...(await evaluate(udm)) };
    await writeFileAtomic(
      join(trained.runDir, 'results.json'),
      Buffer.from(`${JSON.stringify(result, null, 2)}\n`),
    );
    return result;
  } finally {
    udm.dispose();
  }
}
