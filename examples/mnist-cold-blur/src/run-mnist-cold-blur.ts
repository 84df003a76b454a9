import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { imageGridPng, modelFromCheckpoint, trainRun, withOverrides, type ProgressMode } from '@udm/cli';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';
import { classifierView, imageQuality, trainYardstick, type ClassifierView } from '@udm/testing';
import { meanImagePsnr, meanSquaredError, psnr, toUnit } from './image-metrics.js';
import { reconstruct } from './reconstruct.js';

export interface MnistColdBlurOptions {
  /** The config (default: this example's config.json). */
  readonly config?: unknown;
  /** The run directory's name prefix (default `mnist-cold-blur`). */
  readonly name?: string;
  readonly outDir?: string;
  readonly progress?: ProgressMode;
  /** Override `train.steps`. */
  readonly trainSteps?: number;
  /** Evaluate this run directory (or checkpoint file) instead of training. */
  readonly checkpoint?: string;
  /** Held-out digits to deblur (default 200). */
  readonly deblurCount?: number;
  /** Blur levels to deblur from (default: T − 1 and ⌊(T − 1)/2⌋). */
  readonly deblurLevels?: readonly number[];
  /** Digits to generate per sampler (default 200). */
  readonly generateCount?: number;
  /** Optimizer steps of the yardstick classifier (default 1500). */
  readonly classifierSteps?: number;
}

/** The two samplers compared throughout: the seed's naive step and the paper's Algorithm 2. */
export const SAMPLERS = [
  { name: 'naive (eq. 56, fresh-noise)', step: { kind: 'fresh-noise' } },
  { name: 'Algorithm 2 (cold-improved)', step: { kind: 'cold-improved' } },
] as const;

export interface ReconstructionScore {
  readonly mse: number;
  /** 10·log10(1/MSE) over all pixels, and the mean of per-image PSNRs. */
  readonly psnr: number;
  readonly meanImagePsnr: number;
}

export interface DeblurScore {
  /** The level t of the input x_t = D(x0, t). */
  readonly level: number;
  readonly count: number;
  readonly blurred: ReconstructionScore;
  readonly direct: ReconstructionScore;
  readonly samplers: Record<string, ReconstructionScore & { seconds: number }>;
}

export interface GenerationScore extends ClassifierView {
  /** Fréchet distance of the classifier's features to held-out digits. */
  readonly frechet: number;
}

export interface MnistColdBlurResult {
  readonly runDir: string;
  readonly trainSeconds?: number;
  readonly trainStepsPerSecond?: number;
  readonly trainSteps: number;
  /** One entry per blur level the digits were deblurred from. */
  readonly deblur: readonly DeblurScore[];
  readonly generation: {
    readonly count: number;
    readonly classifierAccuracy: number;
    readonly heldOut: GenerationScore;
    readonly prior: GenerationScore;
    readonly samplers: Record<string, GenerationScore & { seconds: number }>;
  };
  readonly figures: { readonly deblur: string; readonly generation: string };
}

export function defaultConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../config.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

async function model(options: MnistColdBlurOptions): Promise<{
  udm: Udm;
  runDir: string;
  seconds?: number;
  stepsPerSecond?: number;
}> {
  if (options.checkpoint) {
    const { udm, file } = await modelFromCheckpoint(options.checkpoint, { useEma: true });
    return { udm, runDir: join(file, '..') };
  }
  const trained = await trainRun({
    config: withOverrides(options.config ?? defaultConfig(), { steps: options.trainSteps }),
    outDir: options.outDir,
    name: options.name ?? 'mnist-cold-blur',
    progress: options.progress,
  });
  return {
    udm: trained.udm,
    runDir: trained.runDir,
    seconds: trained.summary.seconds,
    stepsPerSecond: trained.summary.stepsPerSecond,
  };
}

/**
 * The rows of a figure as one [n, h, w] array for `imageGridPng`: each row padded to `columns` tiles with `blank`
 * (an empty row is a blank band, a separator).
 */
function gridOf(
  rows: ReadonlyArray<ReadonlyArray<Float32Array>>,
  columns: number,
  pixels: number,
  blank: number,
) {
  const out = new Float32Array(rows.length * columns * pixels).fill(blank);
  rows.forEach((row, r) => row.forEach((image, c) => out.set(image, (r * columns + c) * pixels)));
  return out;
}

/** Up to `count` images of `x` (fewer when it holds fewer). */
function rowsOf(x: Float32Array, pixels: number, count: number): Float32Array[] {
  const n = Math.min(count, Math.floor(x.length / pixels));
  return Array.from({ length: n }, (_, i) => x.subarray(i * pixels, (i + 1) * pixels));
}

function score(x: Float32Array, reference: Float32Array, pixels: number): ReconstructionScore {
  const mse = meanSquaredError(x, reference);
  return { mse, psnr: psnr(mse), meanImagePsnr: meanImagePsnr(x, reference, pixels) };
}

/**
 * Trains (or loads) the cold-blur model, then: (a) deblurs held-out digits from D(x0, t) with both samplers and
 * scores the reconstructions (MSE/PSNR on [0, 1]); (b) generates digits from the fitted prior with both samplers and
 * scores them with a small classifier trained on the training digits; writes both PNG grids and results.json.
 */
export async function runMnistColdBlur(options: MnistColdBlurOptions = {}): Promise<MnistColdBlurResult> {
  const { udm, runDir, seconds, stepsPerSecond } = await model(options);
  const log = (m: string): void => {
    if ((options.progress ?? 'bar') !== 'quiet') process.stderr.write(`${m}\n`);
  };
  try {
    const cfgData = udm.config.data as unknown as { low: number; high: number };
    const unit = (x: Float32Array) => toUnit(x, cfgData.low, cfgData.high);
    const itemShape = udm.data.train.itemShape;
    const pixels = itemShape.reduce((a, b) => a * b, 1);
    const tMax = udm.process.time.tMax;
    const steps = tMax + 1;

    // (a) Deblurring of held-out digits, from the fully blurred level T−1 (the paper's setting) and from half-way.
    const deblurCount = Math.min(options.deblurCount ?? 200, udm.data.heldOut.size);
    const heldOutAll = udm.data.heldOut.toArray();
    const x0 = heldOutAll.subarray(0, deblurCount * pixels);
    const reference = unit(x0);
    const levels = options.deblurLevels ?? [tMax, Math.floor(tMax / 2)];
    const columns = 12;
    const figureRows: Float32Array[][] = [];
    const deblur: DeblurScore[] = [];
    for (const level of levels) {
      log(`deblurring ${deblurCount} held-out digits from level ${level} …`);
      const rec = reconstruct(
        udm,
        x0,
        level,
        SAMPLERS.map((s) => s.step),
      );
      const samplerScores: Record<string, ReconstructionScore & { seconds: number }> = {};
      for (const s of SAMPLERS) {
        samplerScores[s.name] = {
          ...score(unit(rec.byStep.get(s.step.kind)!), reference, pixels),
          seconds: rec.seconds.get(s.step.kind)!,
        };
      }
      deblur.push({
        level,
        count: deblurCount,
        blurred: score(unit(rec.blurred), reference, pixels),
        direct: score(unit(rec.direct), reference, pixels),
        samplers: samplerScores,
      });
      if (figureRows.length > 0) figureRows.push([]);
      figureRows.push(
        rowsOf(reference, pixels, columns),
        rowsOf(unit(rec.blurred), pixels, columns),
        rowsOf(unit(rec.direct), pixels, columns),
        ...SAMPLERS.map((s) => rowsOf(unit(rec.byStep.get(s.step.kind)!), pixels, columns)),
      );
    }
    const deblurFigure = join(runDir, 'deblur.png');
    await writeFileAtomic(
      deblurFigure,
      imageGridPng(
        gridOf(figureRows, columns, pixels, 0.5),
        [figureRows.length * columns, itemShape[0]!, itemShape[1]!],
        { columns, scale: 2, range: [0, 1] },
      ),
    );

    // (b) Unconditional generation from the fitted prior, both samplers from the same x_T.
    const generateCount = options.generateCount ?? 200;
    log('training the yardstick classifier …');
    const yardstick = trainYardstick(udm.data, {
      steps: options.classifierSteps,
      rng: new SeededRng(deriveSeed(udm.config.seed, 'example/classifier')),
    });
    try {
      const { classifier, heldOutView, accuracy: classifierAccuracy } = yardstick;
      const view = (images: Float32Array): GenerationScore =>
        imageQuality(classifier, images, heldOutView.features);
      const sampleSeed = deriveSeed(udm.config.seed, 'example/generate');
      log('fitting the prior and drawing x_T …');
      const priorDraw = tf.tidy(
        () =>
          udm.process
            .prior([generateCount, ...itemShape], new SeededRng(sampleSeed))
            .dataSync() as Float32Array,
      );
      const generated = new Map<string, Float32Array>();
      const samplers: Record<string, GenerationScore & { seconds: number }> = {};
      for (const s of SAMPLERS) {
        log(`generating ${generateCount} digits with ${s.name} …`);
        const t0 = performance.now();
        const out = udm.sample({ step: s.step, steps, count: generateCount, rng: new SeededRng(sampleSeed) });
        const images = out.x0.dataSync() as Float32Array;
        out.x0.dispose();
        const secs = (performance.now() - t0) / 1000;
        generated.set(s.step.kind, images);
        // Scored in the data's scale, clipped to its range like the training images.
        samplers[s.name] = {
          ...view(Float32Array.from(images, (v) => Math.min(cfgData.high, Math.max(cfgData.low, v)))),
          seconds: secs,
        };
      }
      const generation = {
        count: generateCount,
        classifierAccuracy,
        heldOut: { ...classifierView(heldOutView.probabilities), frechet: 0 },
        prior: view(priorDraw),
        samplers,
      };
      const genFigure = join(runDir, 'generation.png');
      const perRow = 10;
      const gridRows = (x: Float32Array, rows: number) =>
        Array.from({ length: rows }, (_, r) => rowsOf(unit(x).subarray(r * perRow * pixels), pixels, perRow));
      const genRows = [
        ...gridRows(priorDraw, 3),
        [],
        ...gridRows(generated.get('fresh-noise')!, 3),
        [],
        ...gridRows(generated.get('cold-improved')!, 3),
      ];
      await writeFileAtomic(
        genFigure,
        imageGridPng(
          gridOf(genRows, perRow, pixels, 0.5),
          [genRows.length * perRow, itemShape[0]!, itemShape[1]!],
          { columns: perRow, scale: 2, range: [0, 1] },
        ),
      );
      const result: MnistColdBlurResult = {
        runDir,
        ...(seconds !== undefined ? { trainSeconds: seconds } : {}),
        ...(stepsPerSecond !== undefined ? { trainStepsPerSecond: stepsPerSecond } : {}),
        trainSteps: udm.trainedSteps,
        deblur,
        generation,
        figures: { deblur: deblurFigure, generation: genFigure },
      };
      await writeFileAtomic(join(runDir, 'results.json'), Buffer.from(JSON.stringify(result, null, 2)));
      return result;
    } finally {
      yardstick.dispose();
    }
  } finally {
    udm.dispose();
  }
}
