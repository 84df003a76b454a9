import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ContainerModule } from 'inversify';
import {
  decodeOrThrow,
  deriveSeed,
  evaluatePoints,
  sampleWritersFor,
  SeededRng,
  type ClassLabels,
  type Dataset,
  type KindConfig,
  type PointMetrics,
  type Udm,
  type WrittenSamples,
} from '@udm/core';
import {
  activeBackendName,
  saveSafetensorsFile,
  tensorsToSafetensors,
  writeFileAtomic,
} from '@udm/backend-tfjs';
import { GRID_IMAGES, isImageShape, samplesGridPng } from '../plot/samples-grid.js';
import { imageGridPng } from '../plot/image-grid-png.js';
import type { ScatterSeries } from '../plot/scatter-png.js';
import { svgToPng } from '../plot/svg-to-png.js';
import { scatterSvg } from '../plot/scatter-svg.js';
import { createReporter, type ProgressMode } from '../progress/reporter.js';
import { freeOutputName } from '../run/free-name.js';
import type { ConfigSet } from './config-set.js';
import { modelFromCheckpoint } from './model-from-checkpoint.js';
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
  /**
   * Class labels y (`udm sample --label`): one for every sample or one per sample, in 0..classes−1 of a
   * class-conditional model; default: the config's `sample.labels`.
   */
  readonly labels?: ClassLabels;
  /**
   * Guidance (`udm sample --guidance`), validated like `sample.guidance`, e.g. `{ kind: 'classifier-free',
   * scale: 3 }`; null: none; default: the config's `sample.guidance`.
   */
  readonly guidance?: unknown;
  /** φ of guidance rescale (`--guidance-rescale`), set on the guidance used (which must accept a `rescale`). */
  readonly guidanceRescale?: number;
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

/** Everything that decided a sample set, as written to `samples-<name>.json` and the safetensors metadata. */
export interface SampleRecord {
  /** The conditional step (resolved, with defaults), e.g. `{ kind: 'ddim', eta: 0 }`; unused by PF-ODE samplers. */
  readonly step: KindConfig;
  /** The sampling loop, e.g. `{ kind: 'ancestral' }` or `{ kind: 'heun' }`. */
  readonly sampler: KindConfig;
  /** Whether the sampler drew its moves with `step` (false for PF-ODE solvers). */
  readonly stepUsed: boolean;
  /** The time grid (resolved), e.g. `{ kind: 'trailing' }`. */
  readonly grid: KindConfig;
  readonly steps: number;
  /** η of the step when it has one (DDIM), else null. */
  readonly eta: number | null;
  readonly count: number;
  readonly seed: number;
  /** Whether the EMA weights θ̄ were sampled (null for an in-memory model: the caller chose its weights). */
  readonly ema: boolean | null;
  /** Guidance applied while sampling (resolved, e.g. `{ kind: 'classifier-free', scale: 3, rescale: 0 }`), or null. */
  readonly guidance: KindConfig | null;
  /** Class labels y sampled with (one for all, or one per sample), or null (unconditional). */
  readonly labels: ClassLabels | null;
  /** The backend that ran, by our name (`native`, `wasm`, `cpu`, …). */
  readonly backend: string;
  /** The checkpoint sampled: file, training step and SHA-256 of its bytes (absent for an in-memory model). */
  readonly checkpoint?: { readonly file: string; readonly step: number; readonly sha256: string };
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
  /** Every option that made these samples (also in the JSON file and the safetensors metadata). */
  readonly record: SampleRecord;
  readonly seconds: number;
  readonly metrics?: PointMetrics;
  /**
   * With one class label y for all samples of labelled 2-D data: `metrics` compare the samples with the held-out
   * points of class y only (and the floor is the training points of class y vs those).
   */
  readonly metricsClass?: number;
  /** What each `SAMPLE_WRITER` that applies to the model wrote (e.g. `text`: the samples decoded to text). */
  readonly written?: Readonly<Record<string, WrittenSamples>>;
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
    /** Text of the samples decoded by the data's tokenizer (token data; the `text` sample writer). */
    readonly text?: string;
  };
}

interface SampleSource {
  readonly udm: Udm;
  readonly outDir: string;
  readonly owned: boolean;
  readonly ema: boolean | null;
  readonly checkpoint?: { readonly file: string; readonly step: number; readonly sha256: string };
}

async function modelFrom(options: SampleRunOptions): Promise<SampleSource> {
  if (options.udm) {
    if (!options.outDir) throw new Error('outDir: required when sampling from an in-memory model');
    if (options.set?.length)
      throw new Error('set: config overrides need a checkpoint, not an in-memory model');
    return { udm: options.udm, outDir: options.outDir, owned: false, ema: null };
  }
  if (!options.checkpoint) throw new Error('checkpoint: expected a checkpoint file or run directory');
  const { udm, file, step, ema } = await modelFromCheckpoint(options.checkpoint, {
    ...(options.modules ? { modules: options.modules } : {}),
    ...(options.useEma !== undefined ? { useEma: options.useEma } : {}),
    ...(options.set ? { set: options.set } : {}),
    // the guidance given here, built when sampling, was written by the user: the files it names (a classifier) are
    // read like a config file's; those of the checkpoint's own config only from its run directory
    ...(options.guidance !== undefined ? { userFields: ['sample.guidance'] } : {}),
  });
  const sha256 = createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
  return {
    udm,
    outDir: options.outDir ?? dirname(file),
    owned: true,
    ema,
    checkpoint: { file, step, sha256 },
  };
}

/** The 2-D points of `set` with class label `y` (all of them without `y` or labels), row-major. */
function pointsOfClass(set: Dataset, y: number | undefined): Float32Array {
  const all = set.toArray();
  if (y === undefined || set.classes === undefined) return all;
  const { x0, labels } = set.gather(Int32Array.from({ length: set.size }, (_, i) => i));
  const ys = labels?.dataSync();
  tf.dispose([x0, ...(labels ? [labels] : [])]);
  if (!ys) return all;
  const out: number[] = [];
  ys.forEach((v, i) => {
    if (v === y) out.push(all[2 * i]!, all[2 * i + 1]!);
  });
  return Float32Array.from(out);
}

/** What runs, in words: `ddim η=0.5, 50 steps, trailing grid` or `heun (PF-ODE), 25 steps, leading grid`. */
function describeSampling(r: SampleRecord): string {
  const what = r.stepUsed
    ? `${r.sampler.kind === 'ancestral' ? '' : `${r.sampler.kind} with `}${r.step.kind}${r.eta === null ? '' : ` η=${r.eta}`}`
    : `${r.sampler.kind} (PF-ODE)`;
  const guided = r.guidance ? `, ${describeGuidance(r.guidance)}` : '';
  const labels =
    r.labels === null
      ? ''
      : typeof r.labels === 'number'
        ? `, label ${r.labels}`
        : `, ${r.labels.length} labels`;
  return `${what}, ${r.steps} steps, ${r.grid.kind} grid${labels}${guided}`;
}

/** A guidance config in words: `classifier-free guidance (scale 3, rescale 0.7)`. */
function describeGuidance(g: KindConfig): string {
  const fields = Object.entries(g)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`);
  return `${g.kind} guidance${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
}

/**
 * The guidance a run uses: the option (null: none), else the config's, with `rescale` set; validated by the
 * registered codecs (errors name `guidance` / `--guidance-rescale`).
 */
function guidanceOf(udm: Udm, options: SampleRunOptions): KindConfig | null {
  const codec = udm.registries.guidances.codec();
  const raw =
    options.guidance !== undefined
      ? options.guidance === null
        ? null
        : decodeOrThrow(codec, options.guidance, 'guidance (--guidance)')
      : (udm.config.sample.guidance ?? null);
  if (options.guidanceRescale === undefined) return raw;
  if (raw === null)
    throw new Error(
      '--guidance-rescale: there is no guidance to rescale; add --guidance <w> (or sample.guidance to the config)',
    );
  return decodeOrThrow(codec, { ...raw, rescale: options.guidanceRescale }, '--guidance-rescale');
}

/**
 * Draws samples from a trained model with the configured (or overridden) step, writes them as safetensors,
 * evaluates them against held-out data and writes a picture: for 2-D data a scatter plot of data vs samples, for
 * image data a grid of the first 64 samples.
 */
export async function sampleRun(options: SampleRunOptions): Promise<SampleRunResult> {
  const source = await modelFrom(options);
  const { udm, outDir, owned } = source;
  try {
    const cfg = udm.config.sample;
    const r = udm.registries;
    const stepConfig = decodeOrThrow(r.steps.codec(), options.step ?? cfg.step, 'sample.step');
    const samplerConfig = decodeOrThrow(r.samplers.codec(), options.sampler ?? cfg.sampler, 'sample.sampler');
    const gridConfig = decodeOrThrow(r.grids.codec(), options.grid ?? cfg.grid, 'sample.grid');
    const sampler =
      options.sampler === undefined
        ? udm.sampler
        : r.samplers.create(samplerConfig, { process: udm.process });
    if (options.step !== undefined && !sampler.usesStep)
      throw new Error(
        `step: the sampler "${samplerConfig.kind}" does not use a conditional step (it integrates the ` +
          `probability-flow ODE), so step "${stepConfig.kind}" would be ignored; drop the step, or choose a ` +
          `sampler that uses it (e.g. ancestral)`,
      );
    const steps = options.steps ?? cfg.steps;
    const count = options.count ?? cfg.count;
    const seed = options.seed ?? deriveSeed(udm.config.seed, 'sample');
    const eta = (stepConfig as { eta?: unknown }).eta;
    const guidance = guidanceOf(udm, options);
    const labels = options.labels ?? udm.config.sample.labels ?? null;
    const record: SampleRecord = {
      step: stepConfig,
      sampler: samplerConfig,
      stepUsed: sampler.usesStep,
      grid: gridConfig,
      steps,
      eta: sampler.usesStep && typeof eta === 'number' ? eta : null,
      count,
      seed,
      ema: source.ema,
      guidance,
      labels,
      backend: activeBackendName(),
      ...(source.checkpoint ? { checkpoint: source.checkpoint } : {}),
    };
    // Measured with the predictor and labels udm.sample() is given below (classifier-free guidance: 2× the batch).
    const guidanceGiven = options.guidance !== undefined || options.guidanceRescale !== undefined;
    const labelsAt = options.labels !== undefined ? { labelsAt: 'labels (--label)' } : {};
    if (options.checkMemory ?? true)
      await checkSamplingMemory(udm, {
        count,
        steps,
        step: stepConfig,
        grid: gridConfig,
        ...(guidanceGiven ? { guidance } : {}),
        labels,
        ...labelsAt,
      });
    const reporter = createReporter(options.progress ?? 'bar');
    reporter.start(steps, `sample ${describeSampling(record)}`);
    const began = performance.now();
    const result = udm.sample({
      count,
      steps,
      step: stepConfig,
      sampler: samplerConfig,
      grid: gridConfig,
      // the configured guidance is built with the model; one given here (or rescaled) is built for this call
      ...(guidanceGiven ? { guidance } : {}),
      labels,
      // checked against the model, or the classes of a guidance that reads y itself (a classifier's)
      ...labelsAt,
      rng: new SeededRng(seed),
      onStep: (p) => reporter.update(p.index + 1, {}),
    });
    const seconds = (performance.now() - began) / 1000;
    reporter.stop();
    const values = (await result.x0.data()) as Float32Array | Int32Array;
    const samples = values instanceof Float32Array ? values : Float32Array.from(values);
    const shape = result.x0.shape;
    await mkdir(outDir, { recursive: true });
    const label = freeOutputName(
      outDir,
      `samples-${sampler.usesStep ? stepConfig.kind : samplerConfig.kind}-${steps}`,
      ['.safetensors', '.json', '.png', '.svg', '-decoded.png', '.txt'],
    ).slice('samples-'.length);
    const decoder = udm.data.decoder;
    const decodeBegan = performance.now();
    const decodedX = decoder?.decode(result.x0);
    const decoded = decodedX && {
      samples: (await decodedX.data()) as Float32Array,
      shape: decodedX.shape,
      seconds: (performance.now() - decodeBegan) / 1000,
    };
    const samplesFile = join(outDir, `samples-${label}.safetensors`);
    const saved = { x0: result.x0, ...(decodedX ? { decoded: decodedX } : {}) };
    await saveSafetensorsFile(samplesFile, await tensorsToSafetensors(saved), {
      'udm.step': JSON.stringify(stepConfig),
      'udm.sampler': JSON.stringify(samplerConfig),
      'udm.steps': String(steps),
      'udm.sample': JSON.stringify(record),
    });
    tf.dispose([result.x0, ...(decodedX ? [decodedX] : [])]);
    // Each family presents its samples in the data's own form (e.g. decoded text for token data).
    const outputs: Record<string, WrittenSamples> = {};
    for (const writer of sampleWritersFor(udm)) {
      outputs[writer.name] = await writer.write({
        udm,
        samples: values,
        shape,
        label,
        writeFile: async (name, contents) => {
          const file = join(outDir, name);
          await writeFileAtomic(file, typeof contents === 'string' ? Buffer.from(contents) : contents);
          return file;
        },
      });
    }
    const writtenFiles = Object.assign({}, ...Object.values(outputs).map((w) => w.files)) as Record<
      string,
      string
    >;
    const item = udm.data.train.itemShape;
    const isPoints = item.length === 1 && item[0] === 2;
    const metricsClass =
      typeof labels === 'number' && udm.data.heldOut.classes !== undefined ? labels : undefined;
    const heldPoints = pointsOfClass(udm.data.heldOut, metricsClass);
    const metrics = isPoints
      ? evaluatePoints(samples, heldPoints, pointsOfClass(udm.data.train, metricsClass), 2, udm.config.seed)
      : undefined;
    let plot: string | undefined;
    let plotSvg: string | undefined;
    if (isPoints) {
      plot = join(outDir, `samples-${label}.png`);
      const held = udm.data.heldOut.toArray();
      const series: ScatterSeries[] = [
        { label: 'held-out data', points: held, color: [31, 119, 180] },
        { label: `samples (${describeSampling(record)})`, points: samples, color: [214, 39, 40] },
      ];
      const caption =
        metrics &&
        `${count} samples vs ${heldPoints.length / 2} held-out points${metricsClass === undefined ? '' : ` of class ${metricsClass}`}: sliced W1 ${metrics.slicedWasserstein.toFixed(4)}, ` +
          `MMD² ${metrics.mmd2.toExponential(2)} (data vs data: ${metrics.reference.slicedWasserstein.toFixed(4)}, ` +
          `${metrics.reference.mmd2.toExponential(2)})`;
      const svg = scatterSvg(series, caption ? { caption } : {});
      await writeFileAtomic(plot, svgToPng(svg));
      plotSvg = join(outDir, `samples-${label}.svg`);
      await writeFileAtomic(plotSvg, Buffer.from(svg));
    }
    if (isImageShape(item) && udm.data.train.categories === undefined) {
      plot = join(outDir, `samples-${label}.png`);
      await writeFileAtomic(plot, samplesGridPng(samples, item, udm.data.heldOut.toArray(), labels));
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
    const written = {
      ...record,
      seconds,
      ...(decoded ? { decodeSeconds: decoded.seconds } : {}),
      ...(metrics ? { metrics } : {}),
      ...(metrics && metricsClass !== undefined ? { metricsClass } : {}),
    };
    await writeFileAtomic(metricsFile, Buffer.from(`${JSON.stringify(written, null, 2)}\n`));
    reporter.info(
      `sampled ${count} with ${describeSampling(record)} in ${seconds.toFixed(2)} s on ${record.backend}` +
        (metrics
          ? `; sliced W1 ${metrics.slicedWasserstein.toFixed(4)}${metricsClass === undefined ? '' : ` vs class ${metricsClass}`} (data vs data ${metrics.reference.slicedWasserstein.toFixed(4)})`
          : '') +
        `; wrote ${[samplesFile, plot, ...Object.values(writtenFiles)].filter(Boolean).join(', ')}` +
        Object.values(outputs)
          .map((w) => (w.summary ? `; ${w.summary}` : ''))
          .join(''),
      written,
    );
    return {
      samples,
      shape,
      step: stepConfig,
      sampler: samplerConfig,
      steps,
      record,
      seconds,
      ...(metrics ? { metrics } : {}),
      ...(metrics && metricsClass !== undefined ? { metricsClass } : {}),
      ...(decoded ? { decoded } : {}),
      ...(Object.keys(outputs).length > 0 ? { written: outputs } : {}),
      files: {
        ...writtenFiles,
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
