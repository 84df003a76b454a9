import type { ContainerModule } from 'inversify';
import { createUdm, type TrainSummary, type Udm } from '@udm/core';
import { saveCheckpoint } from '../checkpoint/checkpoint-file.js';
import { createReporter, type ProgressMode } from '../progress/reporter.js';
import { RunDirectory } from '../run/run-directory.js';
import { defaultModules } from './default-modules.js';

export interface TrainRunOptions {
  /** The raw config (validated here). */
  readonly config: unknown;
  /** Directory under which the run directory is created (default `runs`). */
  readonly outDir?: string;
  /** Run name prefix (default: the data kind). */
  readonly name?: string;
  /** Plugin modules (default: the bundled ones). */
  readonly modules?: readonly ContainerModule[];
  readonly progress?: ProgressMode;
  /** Log every n steps to metrics.jsonl (default 50). */
  readonly logEvery?: number;
  readonly signal?: AbortSignal;
}

export interface TrainRunResult {
  readonly runDir: string;
  readonly checkpoint: string;
  readonly summary: TrainSummary;
  /** The trained model (EMA weights loaded when the config has an EMA); dispose it when done. */
  readonly udm: Udm;
}

/**
 * Trains a model from a config: creates a run directory, writes the resolved config, logs metrics, checkpoints
 * every `train.checkpointEvery` steps (atomic safetensors), and returns the model with its EMA weights loaded.
 */
export async function trainRun(options: TrainRunOptions): Promise<TrainRunResult> {
  const udm = createUdm(options.config, options.modules ?? defaultModules());
  const run = new RunDirectory(options.outDir ?? 'runs', options.name ?? udm.config.data.kind);
  await run.writeJson('config.json', udm.config);
  const checkpoint = run.file('checkpoint.safetensors');
  const reporter = createReporter(options.progress ?? 'bar');
  const logEvery = options.logEvery ?? 50;
  reporter.info(`run directory: ${run.path}`, { runDir: run.path });
  reporter.start(udm.config.train.steps, 'train');
  let summary: TrainSummary;
  try {
    summary = await udm.train({
      checkpoint: { save: (state) => saveCheckpoint(checkpoint, state, udm.config) },
      ...(options.signal ? { signal: options.signal } : {}),
      onStep: (p) => {
        reporter.update(p.step, { loss: p.loss, 'steps/s': p.stepsPerSecond });
        if (p.step % logEvery === 0 || p.step === p.totalSteps) {
          run.appendMetrics({
            step: p.step,
            loss: p.loss,
            gradNorm: p.gradNorm,
            stepsPerSecond: p.stepsPerSecond,
          });
        }
      },
    });
  } finally {
    reporter.stop();
  }
  reporter.info(
    `trained ${summary.step} steps in ${summary.seconds.toFixed(1)} s (${summary.stepsPerSecond.toFixed(1)} steps/s), ` +
      `mean loss ${summary.meanLoss.toFixed(4)}; checkpoint ${checkpoint}`,
    { summary },
  );
  udm.useEmaWeights();
  return { runDir: run.path, checkpoint, summary, udm };
}
