import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ContainerModule } from 'inversify';
import { deriveSeed, SeededRng, type KindConfig, type Udm } from '@udm/core';
import { saveSafetensorsFile, tensorsToSafetensors, writeFileAtomic } from '@udm/backend-tfjs';
import { GRID_IMAGES, isImageShape, samplesGridPng } from '../plot/samples-grid.js';
import { imageGridPng } from '../plot/image-grid-png.js';
import { scatterPng, type ScatterSeries } from '../plot/scatter-png.js';
import { scatterSvg } from '../plot/scatter-svg.js';
import { createReporter, type ProgressMode } from '../progress/reporter.js';
import type { ConfigSet } from './config-set.js';
import { modelFromCheckpoint } from './model-from-checkpoint.js';
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
  /** Override of `sample.sampler`, e.g. `{ kind: 'heun' }` (validated like the config's). */
  readonly sampler?: unknown;
  readonly grid?: unknown;
  readonly steps?: number;
  readonly count?: number;
  /** Sampling seed (default: derived from the config seed). */
  readonly seed?: number;
  /** Use the EMA weights when the checkpoint has them (default: the config's `sample.useEma`). */
  readonly useEma?: boolean;
  /** Overrides of the checkpoint's config (`sample.grid.kind=trailing`), validated like a config file. */
  readonly set?: readonly (ConfigSet | string)[];
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
  /** The sampler config used, e.g. `{ kind: 'ancestral' }` or `{ kind: 'heun' }`. */
  readonly sampler: KindConfig;
  readonly steps: number;
  readonly seconds: number;
  readonly metrics?: PointMetrics;
  /** The samples mapped to the data's space by the data's decoder (e.g. decoded latents), when it has one. */
  readonly decoded?: {
    readonly samples: Float32Array;
    readonly shape: readonly number[];
    readonly seconds: number;
  };
  readonly files: {
    readonly samples: string;
    readonly metrics: string;
    /** PNG: a scatter plot of data vs samples (2-D data) or a grid of samples (images). */
    readonly plot?: string;
    /** The scatter plot as SVG (2-D data). */
    readonly plotSvg?: string;
    /** PNG grid of the decoded samples, when the data have a decoder and decode to images. */
    readonly decoded?: string;
  };
}

async function modelFrom(options: SampleRunOptions): Promise<{ udm: Udm; outDir: string; owned: boolean }> {
  if (options.udm) {
    if (!options.outDir) throw new Error('outDir: required when sampling from an in-memory model');
    if (options.set?.length)
      throw new Error('set: config overrides need a checkpoint, not an in-memory model');
    return { udm: options.udm, outDir: options.outDir, owned: false };
  }
  if (!options.checkpoint) throw new Error('checkpoint: expected a checkpoint file or run directory');
  const { udm, file } = await modelFromCheckpoint(options.checkpoint, {
    ...(options.modules ? { modules: options.modules } : {}),
    ...(options.useEma !== undefined ? { useEma: options.useEma } : {}),
    ...(options.set ? { set: options.set } : {}),
  });
  return { udm, outDir: options.outDir ?? dirname(file), owned: true };
}

/**
 * Draws samples from a trained model with the configured (or overridden) step, writes them as safetensors,
 * evaluates them against held-out data and writes a picture: for 2-D data a scatter plot of data vs samples, for
 * image data a grid of the first 64 samples.
 */
export async function sampleRun(options: SampleRunOptions): Promise<SampleRunResult> {
  const { udm, outDir, owned } = await modelFrom(options);
  try {
    const cfg = udm.config.sample;
    const stepConfig = (options.step ?? cfg.step) as KindConfig;
    const samplerConfig = (options.sampler ?? cfg.sampler) as KindConfig;
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
      sampler: samplerConfig,
      ...(options.grid !== undefined ? { grid: options.grid } : {}),
      rng: new SeededRng(options.seed ?? deriveSeed(udm.config.seed, 'sample')),
      onStep: (p) => reporter.update(p.index + 1, {}),
    });
    const seconds = (performance.now() - began) / 1000;
    reporter.stop();
    const samples = (await result.x0.data()) as Float32Array;
    const shape = result.x0.shape;
    const label = `${samplerConfig.kind === 'ancestral' ? stepConfig.kind : samplerConfig.kind}-${steps}`;
    const decoder = udm.data.decoder;
    const decodeBegan = performance.now();
    const decodedX = decoder?.decode(result.x0);
    const decoded = decodedX && {
      samples: (await decodedX.data()) as Float32Array,
      shape: decodedX.shape,
      seconds: (performance.now() - decodeBegan) / 1000,
    };
    await mkdir(outDir, { recursive: true });
    const samplesFile = join(outDir, `samples-${label}.safetensors`);
    const saved = { x0: result.x0, ...(decodedX ? { decoded: decodedX } : {}) };
    await saveSafetensorsFile(samplesFile, await tensorsToSafetensors(saved), {
      'udm.step': JSON.stringify(stepConfig),
      'udm.sampler': JSON.stringify(samplerConfig),
      'udm.steps': String(steps),
    });
    tf.dispose([result.x0, ...(decodedX ? [decodedX] : [])]);
    const item = udm.data.train.itemShape;
    const isPoints = item.length === 1 && item[0] === 2;
    const metrics = isPoints
      ? evaluatePoints(samples, udm.data.heldOut.toArray(), udm.data.train.toArray(), 2, udm.config.seed)
      : undefined;
    let plot: string | undefined;
    let plotSvg: string | undefined;
    if (isPoints) {
      plot = join(outDir, `samples-${label}.png`);
      const held = udm.data.heldOut.toArray();
      const series: ScatterSeries[] = [
        { label: 'held-out data', points: held, color: [31, 119, 180] },
        { label: `samples (${label})`, points: samples, color: [214, 39, 40] },
      ];
      await writeFileAtomic(plot, scatterPng(series));
      plotSvg = join(outDir, `samples-${label}.svg`);
      await writeFileAtomic(plotSvg, Buffer.from(scatterSvg(series)));
    }
    if (isImageShape(item) && udm.data.train.categories === undefined) {
      plot = join(outDir, `samples-${label}.png`);
      await writeFileAtomic(plot, samplesGridPng(samples, item, udm.data.heldOut.toArray()));
    }
    let decodedPlot: string | undefined;
    if (decoder && decoded && isImageShape(decoder.itemShape)) {
      decodedPlot = join(outDir, `samples-${label}-decoded.png`);
      const n = Math.min(count, GRID_IMAGES);
      const per = decoder.itemShape.reduce((a, b) => a * b, 1);
      await writeFileAtomic(
        decodedPlot,
        imageGridPng(decoded.samples.subarray(0, n * per), [n, ...decoder.itemShape], {
          range: decoder.range,
        }),
      );
      plot ??= decodedPlot;
    }
    const metricsFile = join(outDir, `samples-${label}.json`);
    const record = {
      step: stepConfig,
      sampler: samplerConfig,
      steps,
      count,
      seconds,
      ...(decoded ? { decodeSeconds: decoded.seconds } : {}),
      ...(metrics ? { metrics } : {}),
    };
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
      sampler: samplerConfig,
      steps,
      seconds,
      ...(metrics ? { metrics } : {}),
      ...(decoded ? { decoded } : {}),
      files: {
        samples: samplesFile,
        metrics: metricsFile,
        ...(plot ? { plot } : {}),
        ...(plotSvg ? { plotSvg } : {}),
        ...(decodedPlot ? { decoded: decodedPlot } : {}),
      },
    };
  } finally {
    if (owned) udm.dispose();
  }
}
