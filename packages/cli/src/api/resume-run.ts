import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { ContainerModule } from 'inversify';
import type { Udm } from '@udm/core';
import { CheckpointError } from '../checkpoint/checkpoint-error.js';
import { loadCheckpoint, type LoadedCheckpoint } from '../checkpoint/checkpoint-file.js';
import { createFromCheckpoint, restoreCheckpoint } from '../checkpoint/restore-checkpoint.js';
import { removeStaleTempFiles } from '../checkpoint/stale-temp-files.js';
import { createReporter } from '../progress/reporter.js';
import { RunDirectory, UNPARSED_METRICS_FILE } from '../run/run-directory.js';
import { checkpointFiles } from '../run/run-inputs.js';
import { loadRecordedPlugins, uniqueModules } from '../plugins/config-plugins.js';
import { defaultModules } from './default-modules.js';
import { CHECKPOINT_FILE, trainInRun, type TrainingLoopOptions } from './run-training.js';
import type { TrainRunResult } from './train-run.js';

export interface ResumeRunOptions extends TrainingLoopOptions {
  /** The run directory `trainRun` created. */
  readonly runDir: string;
  /** Train up to this many steps in total (default: the run's `train.steps`); more than that extends the run. */
  readonly steps?: number;
  /** Plugin modules (default: the bundled ones); the run's kinds must be registered. */
  readonly modules?: readonly ContainerModule[];
}

export interface ResumeRunResult extends TrainRunResult {
  /** The step training continued from (0 when the run had not written a checkpoint yet). */
  readonly resumedFrom: number;
}

type Json = Record<string, unknown>;

function readConfigJson(run: RunDirectory): Json | undefined {
  const file = run.file('config.json');
  if (!existsSync(file)) return undefined;
  const text = run.read('config.json');
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

function trainSection(config: unknown): Json {
  const train = (config as { train?: unknown } | null)?.train;
  return typeof train === 'object' && train !== null ? (train as Json) : {};
}

function withoutSteps(config: unknown): unknown {
  const { steps: _steps, ...train } = trainSection(config);
  return { ...(config as Json), train };
}

function withSteps(config: unknown, steps: number): Json {
  return { ...(config as Json), train: { ...trainSection(config), steps } };
}

/**
 * Continues an interrupted run (killed, stopped by a signal, or diverged) from its last checkpoint with the same weights, EMA, optimizer state, RNG state and step, so the
 * result is bit-identical to an uninterrupted run on the same backend. Temporary files of a writer that was killed
 * mid-save are removed, metrics logged after the checkpoint are dropped (they are logged again), and a run that
 * died before its first checkpoint starts over from step 0 with its config.
 */
export async function resumeRun(options: ResumeRunOptions): Promise<ResumeRunResult> {
  const run = RunDirectory.open(options.runDir);
  const lock = run.lock(); // one writer per run directory
  let loaded: LoadedCheckpoint | undefined;
  let udm: Udm | undefined;
  try {
    const checkpoint = run.file(CHECKPOINT_FILE);
    const reporter = createReporter(options.progress ?? 'bar');
    const removed = removeStaleTempFiles(checkpoint);
    if (removed.length > 0)
      reporter.info(`removed ${removed.length} temporary file(s) of an interrupted save`, { removed });
    const saved = readConfigJson(run);
    // the run's own file: a symbolic link put in its place is not followed
    loaded = existsSync(checkpoint) ? await loadCheckpoint(checkpoint, { followSymlinks: false }) : undefined;
    if (!loaded && saved === undefined)
      throw new Error(`${run.path}: not a run directory (no ${CHECKPOINT_FILE} and no config.json)`);
    const base = loaded ? loaded.config : saved;
    if (
      loaded &&
      saved !== undefined &&
      !isDeepStrictEqual(withoutSteps(saved), withoutSteps(loaded.config))
    ) {
      throw new CheckpointError(
        checkpoint,
        `its config differs from ${run.file('config.json')} (other than train.steps); a resumed run keeps ` +
          'the config it was trained with — start a new run to change it',
      );
    }
    const steps = options.steps ?? (trainSection(saved ?? base).steps as number | undefined);
    // the run's config is untrusted: the plugins it recorded load only by the rules of loadRecordedPlugins, and
    // the files it names are read only from inside the run directory
    const recordedPlugins = await loadRecordedPlugins(
      base,
      run.path,
      loaded ? checkpoint : run.file('config.json'),
    );
    const plugins = uniqueModules([...(options.modules ?? defaultModules()), ...recordedPlugins]);
    udm = createFromCheckpoint(
      steps === undefined ? base : withSteps(base, steps),
      [...plugins, checkpointFiles(checkpoint, plugins)],
      loaded ? checkpoint : run.file('config.json'),
    );
    if (loaded) await restoreCheckpoint(udm, loaded, checkpoint);
    const from = udm.trainedSteps;
    const target = udm.config.train.steps;
    if (target < from)
      throw new RangeError(`steps: the run is already at step ${from}, cannot resume it to ${target}`);
    if (saved === undefined || !isDeepStrictEqual(saved, udm.config))
      await run.writeJson('config.json', udm.config);
    const metrics = await run.truncateMetrics(from);
    if (metrics.setAside > 0)
      reporter.info(
        `metrics.jsonl: ${metrics.setAside} line(s) that are not metrics were moved to ${run.file(UNPARSED_METRICS_FILE)}`,
        { unparsedMetrics: metrics.setAside },
      );
    reporter.info(`resuming ${run.path} at step ${from} of ${target}`, { runDir: run.path, step: from });
    const summary = await trainInRun(udm, run, options, loaded ? from : undefined);
    reporter.info(
      `trained steps ${from + 1}–${summary.step} in ${summary.seconds.toFixed(1)} s; checkpoint ${checkpoint}`,
      { summary },
    );
    udm.useEmaWeights();
    return { runDir: run.path, checkpoint, summary, udm, resumedFrom: from };
  } catch (e) {
    udm?.dispose();
    throw e;
  } finally {
    loaded?.dispose();
    lock.release();
  }
}
