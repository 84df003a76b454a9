import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ContainerModule } from 'inversify';
import { deriveSeed, SeededRng, type KindConfig, type Udm } from '@udm/core';
import { saveSafetensorsFile, tensorsToSafetensors, writeFileAtomic } from '@udm/backend-tfjs';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { createFromCheckpoint, restoreCheckpoint } from '../checkpoint/restore-checkpoint.js';
import { scatterPng } from '../plot/scatter-png.js';
import { createReporter, type ProgressMode } from '../progress/reporter.js';
import { defaultModules } from './default-modules.js';
import { evaluatePoints, type PointMetrics } from './evaluate-points.js';
import { checkSamplingMemory } from './memory-check.js';

export interface SampleRunOptions {
  /** A checkpoint file, or a run directory holding `checkpoint.safetensors`. */
  readonly checkpoint?: string;
  /** An in-memory model instead of a checkpoint. */
  readonly udm?: Udm;
  /** Where outputs go (default: the checkpoint's run directory). */
  readonly outDir?: string;
  /** Overrides of the config's sampler (validated like `sample.step`, `sample.grid`). */
  readonly step?: unknown;
  readonly grid?: unknown;
  readonly steps?: number;
  readonly count?: number;
  /** Sampling seed (default: derived from the config seed). */
  readonly seed?: number;
  /** Use the EMA weights when the checkpoint has them (default: the config's `sample.useEma`). */
  readonly useEma?: boolean;
  readonly modules?: readonly ContainerModule[];
  readonly progress?: ProgressMode;
  /** Estimate the memory of one sampler step and refuse a count that cannot fit (default true). */
  readonly checkMemory?: boolean;
}

export interface SampleRunResult {
  /** Generated x0, row-major. */
  readonly samples: Float32Array;
  readonly shape: readonly number[];
  /** The step config used, e.g. `{ kind: 'ddim', eta: 0 }`. */
  readonly step: KindConfig;
  readonly steps: number;
  readonly seconds: number;
  readonly metrics?: PointMetrics;
  readonly files: { readonly samples: string; readonly metrics: string; readonly plot?: string };
}

function checkpointFile(path: string): string {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'checkpoint.safetensors') : path;
  if (!existsSync(file)) throw new Error(`checkpoint: no such file ${file}`);
  return file;
}

async function modelFrom(options: SampleRunOptions): Promise<{ udm: Udm; outDir: string; owned: boolean }> {
  if (options.udm) {
    if (!options.outDir) throw new Error('outDir: required when sampling from an in-memory model');
    return { udm: options.udm, outDir: options.outDir, owned: false };
  }
  if (!options.checkpoint) throw new Error('checkpoint: expected a checkpoint file or run directory');
  const file = checkpointFile(options.checkpoint);
  const loaded = await loadCheckpoint(file);
  try {
    const udm = createFromCheckpoint(loaded.config, options.modules ?? defaultModules(), file);
    try {
      await restoreCheckpoint(udm, loaded, file);
    } catch (e) {
      udm.dispose();
      throw e;
    }
    if (options.useEma ?? udm.config.sample.useEma) udm.useEmaWeights();
    return { udm, outDir: options.outDir ?? dirname(file), owned: true };
  } finally {
    loaded.dispose();
  }
}

/**
 * Draws samples from a trained model with the configured (or overridden) step, writes them as safetensors,
 * evaluates them against held-out data and, for 2-D data, writes a scatter plot of data vs samples.
 */
export async function sampleRun(options: SampleRunOptions): Promise<SampleRunResult> {
  const { udm, outDir, owned } = await modelFrom(options);
  try {
    const cfg = udm.config.sample;
    const stepConfig = (options.step ?? cfg.step) as KindConfig;
    const steps = options.steps ?? cfg.steps;
    const count = options.count ?? cfg.count;
    if (options.checkMemory ?? true)
      await checkSamplingMemory(udm, { count, steps, step: stepConfig, grid: options.grid });
    const reporter = createReporter(options.progress ?? 'bar');
    reporter.start(steps, `sample ${stepConfig.kind}`);
    const began = performance.now();
    const result = udm.sample({
      count,
      steps,
      step: stepConfig,
      ...(options.grid !== undefined ? { grid: options.grid } : {}),
      rng: new SeededRng(options.seed ?? deriveSeed(udm.config.seed, 'sample')),
      onStep: (p) => reporter.update(p.index + 1, {}),
    });
    const seconds = (performance.now() - began) / 1000;
    reporter.stop();
    const samples = (await result.x0.data()) as Float32Array;
    const shape = result.x0.shape;
    const label = `${stepConfig.kind}-${steps}`;
    const samplesFile = join(outDir, `samples-${label}.safetensors`);
    await saveSafetensorsFile(samplesFile, await tensorsToSafetensors({ x0: result.x0 }), {
      'udm.step': JSON.stringify(stepConfig),
      'udm.steps': String(steps),
    });
    tf.dispose(result.x0);
    const item = udm.data.train.itemShape;
    const isPoints = item.length === 1 && item[0] === 2;
    const metrics = isPoints
      ? evaluatePoints(samples, udm.data.heldOut.toArray(), udm.data.train.toArray(), 2, udm.config.seed)
      : undefined;
    let plot: string | undefined;
    if (isPoints) {
      plot = join(outDir, `samples-${label}.png`);
      const held = udm.data.heldOut.toArray();
      await writeFileAtomic(
        plot,
        scatterPng([
          { label: 'held-out data', points: held, color: [31, 119, 180] },
          { label: `samples (${label})`, points: samples, color: [214, 39, 40] },
        ]),
      );
    }
    const metricsFile = join(outDir, `samples-${label}.json`);
    const record = { step: stepConfig, steps, count, seconds, ...(metrics ? { metrics } : {}) };
    await writeFileAtomic(metricsFile, Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
    reporter.info(
      `sampled ${count} with ${label} in ${seconds.toFixed(2)} s` +
        (metrics
          ? `; sliced W1 ${metrics.slicedWasserstein.toFixed(4)} (data vs data ${metrics.reference.slicedWasserstein.toFixed(4)})`
          : '') +
        `; wrote ${samplesFile}${plot ? ` and ${plot}` : ''}`,
      record,
    );
    return {
      samples,
      shape,
      step: stepConfig,
      steps,
      seconds,
      ...(metrics ? { metrics } : {}),
      files: { samples: samplesFile, metrics: metricsFile, ...(plot ? { plot } : {}) },
    };
  } finally {
    if (owned) udm.dispose();
  }
}
