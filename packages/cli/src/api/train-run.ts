import type { ContainerModule } from 'inversify';
import { createUdm, type TrainSummary, type Udm } from '@udm/core';
import { RunDirectory } from '../run/run-directory.js';
import type { RunLock } from '../run/run-lock.js';
import { RunInputs } from '../run/run-inputs.js';
import { createReporter } from '../progress/reporter.js';
import { loadConfigPlugins, recordConfigPlugins, uniqueModules } from '../plugins/config-plugins.js';
import { defaultModules } from './default-modules.js';
import { CHECKPOINT_FILE, trainInRun, type TrainingLoopOptions } from './run-training.js';

export interface TrainRunOptions extends TrainingLoopOptions {
  /** The raw config (validated here). */
  readonly config: unknown;
  /** Directory under which the run directory is created (default `runs`). */
  readonly outDir?: string;
  /** Run name prefix (default: the data kind). */
  readonly name?: string;
  /** Plugin modules (default: the bundled ones); the config's `plugins` are loaded besides them. */
  readonly modules?: readonly ContainerModule[];
  /** The directory of the config file: its `plugins` packages are looked up in node_modules above it first. */
  readonly configDir?: string;
}

export interface TrainRunResult {
  readonly runDir: string;
  readonly checkpoint: string;
  readonly summary: TrainSummary;
  /** The trained model (EMA weights loaded when the config has an EMA); dispose it when done. */
  readonly udm: Udm;
}

/**
 * Trains a model from a config: loads the plugins its `plugins` field names, creates a run directory, copies the
 * plugin files and the files the config names into it (`inputs/`; packages are recorded by name and version),
 * writes the resolved config (naming those copies, relative to the run), logs metrics, checkpoints
 * every `train.checkpointEvery` steps (atomic safetensors), and returns the model with its EMA weights loaded.
 * A run that stops early (signal, divergence, kill) continues with `resumeRun`. The process holds the run's lock while
 * it trains; a run that fails before its first step (bad data, memory) leaves no directory behind.
 */
export async function trainRun(options: TrainRunOptions): Promise<TrainRunResult> {
  // the files the config names are read through `inputs`, and copied into the run (its config names the copies)
  const inputs = new RunInputs();
  // the config's own plugins (its `plugins` field) load before the rest of it is decoded
  const configPlugins = await loadConfigPlugins(
    options.config,
    options.configDir ? { from: [options.configDir] } : {},
  );
  const plugins = uniqueModules([...(options.modules ?? defaultModules()), ...configPlugins.modules]);
  const udm = createUdm(options.config, [...plugins, inputs.module(plugins)]);
  let run: RunDirectory | undefined;
  let lock: RunLock | undefined;
  try {
    run = new RunDirectory(options.outDir ?? 'runs', options.name ?? udm.config.data.kind);
    lock = run.lock();
    const recorded = await recordConfigPlugins(run, configPlugins, await inputs.record(run, udm.config));
    await run.writeJson('config.json', recorded);
    const checkpoint = run.file(CHECKPOINT_FILE);
    const reporter = createReporter(options.progress ?? 'bar');
    reporter.info(`run directory: ${run.path}`, { runDir: run.path });
    const summary = await trainInRun(udm, run, options, undefined, recorded);
    reporter.info(
      `trained ${summary.step} steps in ${summary.seconds.toFixed(1)} s (${summary.stepsPerSecond.toFixed(1)} steps/s), ` +
        `mean loss ${summary.meanLoss.toFixed(4)}; checkpoint ${checkpoint}`,
      { summary },
    );
    udm.useEmaWeights();
    return { runDir: run.path, checkpoint, summary, udm };
  } catch (e) {
    udm.dispose();
    run?.removeIfUnused(); // a run that failed to start leaves no directory holding only its config
    throw e;
  } finally {
    lock?.release();
  }
}
