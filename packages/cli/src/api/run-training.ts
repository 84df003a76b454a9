import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DivergenceError, type TrainProgress, type TrainSummary, type Udm } from '@udm/core';
import { saveCheckpoint } from '../checkpoint/checkpoint-file.js';
import { removeStaleTempFiles } from '../checkpoint/stale-temp-files.js';
import { createReporter, type ProgressMode } from '../progress/reporter.js';
import type { RunDirectory } from '../run/run-directory.js';
import { heldOutLoss } from './held-out-loss.js';
import { checkTrainingMemory } from './memory-check.js';
import { plotRun } from './plot-run.js';
import { RunDivergedError } from './run-diverged-error.js';

/** Options shared by `trainRun` and `resumeRun`. */
export interface TrainingLoopOptions {
  readonly progress?: ProgressMode;
  /** Log every n steps to metrics.jsonl (default 50; the first and the last step are always logged). */
  readonly logEvery?: number;
  /** Stops after the current step; a checkpoint is written. */
  readonly signal?: AbortSignal;
  /** Called after every optimizer step. */
  readonly onStep?: (progress: TrainProgress) => void;
  /**
   * Called after every checkpoint written: `path` is the last checkpoint, `history` its copy in `checkpoints/` when
   * `train.keepCheckpoints` > 0.
   */
  readonly onCheckpoint?: (checkpoint: {
    readonly step: number;
    readonly path: string;
    readonly history?: string;
  }) => void;
  /** Called after every held-out loss measurement (`train.validateEvery`). */
  readonly onValidation?: (validation: { readonly step: number; readonly heldOutLoss: number }) => void;
  /** Estimate the memory of one step and refuse a batch that cannot fit (default true). */
  readonly checkMemory?: boolean;
}

/** The checkpoint file of a run directory. */
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

/** The folder of a run directory holding the checkpoint history (`train.keepCheckpoints`). */
export const CHECKPOINT_HISTORY = 'checkpoints';

/**
 * Copies the last checkpoint to `checkpoints/step-<n>.safetensors` (temp file, then rename) and removes the oldest
 * copies beyond `keep`. Returns the copy's path (none when `keep` is 0).
 */
async function keepInHistory(
  run: RunDirectory,
  last: string,
  step: number,
  keep: number,
): Promise<string | undefined> {
  if (keep === 0) return undefined;
  const dir = run.file(CHECKPOINT_HISTORY);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `step-${String(step).padStart(8, '0')}.safetensors`);
  const temp = `${file}.${process.pid}.tmp`;
  await copyFile(last, temp);
  await rename(temp, file);
  const copies = (await readdir(dir)).filter((f) => /^step-\d+\.safetensors$/.test(f)).sort();
  for (const old of copies.slice(0, Math.max(0, copies.length - keep)))
    await rm(join(dir, old), { force: true });
  return file;
}

/**
 * Trains `udm` up to its `train.steps` inside a run directory: checks the batch fits in memory, logs metrics,
 * checkpoints atomically every `train.checkpointEvery` steps (removing temporary files of writers that were killed),
 * and turns a divergence into a RunDivergedError naming the last good checkpoint. `lastCheckpointStep` is the step of
 * the checkpoint already on disk when resuming; `recordedConfig` is the config checkpoints record (default
 * `udm.config`; a new run's names the copies of its input files).
 */
export async function trainInRun(
  udm: Udm,
  run: RunDirectory,
  options: TrainingLoopOptions,
  lastCheckpointStep?: number,
  recordedConfig: unknown = udm.config,
): Promise<TrainSummary> {
  const checkpoint = run.file(CHECKPOINT_FILE);
  const reporter = createReporter(options.progress ?? 'bar');
  const logEvery = options.logEvery ?? 50;
  if (options.checkMemory ?? true) await checkTrainingMemory(udm);
  let saved = lastCheckpointStep;
  const { validateEvery, validationExamples: examples } = udm.config.train;
  reporter.start(udm.config.train.steps, 'train');
  try {
    const summary = await udm.train({
      checkpoint: {
        save: async (state) => {
          removeStaleTempFiles(checkpoint);
          await saveCheckpoint(checkpoint, state, recordedConfig);
          saved = state.step;
          const history = await keepInHistory(run, checkpoint, state.step, udm.config.train.keepCheckpoints);
          options.onCheckpoint?.({ step: state.step, path: checkpoint, ...(history ? { history } : {}) });
        },
      },
      ...(options.signal ? { signal: options.signal } : {}),
      onStep: (p) => {
        const validate =
          validateEvery !== undefined && (p.step % validateEvery === 0 || p.step === p.totalSteps);
        const held = validate
          ? heldOutLoss(udm, { examples, batchSize: udm.config.train.batchSize })
          : undefined;
        reporter.update(p.step, {
          loss: p.loss,
          ...(held !== undefined ? { 'held-out': held } : {}),
          'steps/s': p.stepsPerSecond,
        });
        if (validate || p.step % logEvery === 0 || p.step === 1 || p.step === p.totalSteps) {
          run.appendMetrics({
            step: p.step,
            loss: p.loss,
            gradNorm: p.gradNorm,
            stepsPerSecond: p.stepsPerSecond,
            ...(held !== undefined ? { heldOutLoss: held } : {}),
          });
        }
        if (held !== undefined) options.onValidation?.({ step: p.step, heldOutLoss: held });
        options.onStep?.(p);
      },
    });
    reporter.stop();
    if (summary.step > 0 && existsSync(run.file('metrics.jsonl'))) {
      try {
        const plot = await plotRun({ runDir: run.path });
        reporter.info(`loss curve: ${plot.files.png}`, { lossCurve: plot.files });
      } catch (e) {
        reporter.info(`loss curve not written: ${(e as Error).message}`);
      }
    }
    return summary;
  } catch (e) {
    if (e instanceof DivergenceError)
      throw new RunDivergedError(e, run.path, saved !== undefined ? checkpoint : undefined, saved);
    throw e;
  } finally {
    reporter.stop();
  }
}
