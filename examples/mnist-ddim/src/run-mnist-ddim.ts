import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '@udm/backend-tfjs';
import {
  imageGridPng,
  labelledImageGridPng,
  modelFromCheckpoint,
  trainRun,
  withOverrides,
  type ProgressMode,
} from '@udm/cli';
import { decodeOrThrow, deriveSeed, SeededRng, type Predictor, type Udm } from '@udm/core';
import { ClassifierFreeGuidance, GaussianPosterior } from '@udm/gaussian';
import { imageQuality, trainYardstick, type ImageQuality } from '@udm/testing';
import { heldOutNelbo, type HeldOutNelbo } from './held-out-nelbo.js';
import { modesOf, SAMPLERS, type ConditioningMode, type SamplerSpec } from './samplers.js';

export interface MnistDdimOptions {
  /** The config (default: this example's config.json). */
  readonly config?: unknown;
  readonly outDir?: string;
  readonly progress?: ProgressMode;
  /** Override `train.steps`. */
  readonly trainSteps?: number;
  /**
   * Time budget of training in minutes: training stops after the first step that ends past it (a checkpoint is
   * written), and the evaluation runs on the weights reached.
   */
  readonly trainMinutes?: number;
  /** Evaluate this run directory (or checkpoint file) instead of training. */
  readonly checkpoint?: string;
  /** Digits drawn per sampler and conditioning (default: the config's `sample.count`; labels 0..9 in turn, one column per digit). */
  readonly count?: number;
  /** Guidance scale w of the CFG runs (default 3). */
  readonly guidanceScale?: number;
  /** Optimizer steps of the yardstick classifier (default 1500). */
  readonly classifierSteps?: number;
  /** The results file written in the run directory (default `results.json`). */
  readonly resultsFile?: string;
  /** The samplers to compare (default: all of `SAMPLERS`). */
  readonly samplers?: readonly SamplerSpec[];
  /**
   * The held-out NELBO per reverse variance (default: 64 digits, 8 repeats of 16 drawn t, `fixed_small` and
   * `fixed_large`); `false` skips it.
   */
  readonly nelbo?:
    | false
    | {
        readonly examples: number;
        readonly repeats: number;
        readonly timesteps?: number;
        readonly variances?: readonly string[];
      };
}

export interface SampleScore extends ImageQuality {
  readonly seconds: number;
  /** Calls of G_t (x̂0 predictions) the sampler made; with CFG each is two network passes (a doubled batch). */
  readonly evaluations: number;
  /** The PNG grid of these samples. */
  readonly figure: string;
}

export interface MnistDdimResult {
  readonly runDir: string;
  /** Optimizer steps done (fewer than `train.steps` when a time budget stopped training). */
  readonly trainSteps: number;
  readonly trainSeconds?: number;
  readonly trainStepsPerSecond?: number;
  /** Mean training loss (ε-MSE) over the run. */
  readonly trainMeanLoss?: number;
  readonly count: number;
  /** The yardstick classifier's accuracy on the held-out digits. */
  readonly classifierAccuracy: number;
  /** Real digits scored like the samples: the held-out set itself, and `count` training digits (the floor). */
  readonly reference: { readonly heldOut: ImageQuality; readonly trainDigits: ImageQuality };
  /** Scores by sampler id, then by conditioning id. */
  readonly samples: Record<string, Record<string, SampleScore>>;
  /** The held-out NELBO (unconditional model) per reverse variance; independent of the sampler's grid. */
  readonly nelbo: HeldOutNelbo[];
}

export function defaultConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../config.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

export interface TrainedModel {
  readonly udm: Udm;
  readonly runDir: string;
  readonly summary?: { seconds: number; stepsPerSecond: number; meanLoss: number };
}

/** The model of a run: loaded from `options.checkpoint` (EMA weights), or trained now. */
export async function trainedModel(options: MnistDdimOptions): Promise<TrainedModel> {
  if (options.checkpoint) {
    const { udm, file } = await modelFromCheckpoint(options.checkpoint, { useEma: true });
    return { udm, runDir: join(file, '..') };
  }
  const minutes = options.trainMinutes;
  if (minutes !== undefined && !(minutes > 0))
    throw new RangeError(`trainMinutes: expected a positive number, got ${minutes}`);
  // Checked after every step: the training loop does not yield to timers between steps.
  const budget = new AbortController();
  const deadline = performance.now() + (minutes ?? Infinity) * 60_000;
  const trained = await trainRun({
    config: withOverrides(options.config ?? defaultConfig(), { steps: options.trainSteps }),
    outDir: options.outDir,
    name: 'mnist-ddim',
    progress: options.progress,
    signal: budget.signal,
    onStep: () => {
      if (performance.now() > deadline) budget.abort();
    },
  });
  return { udm: trained.udm, runDir: trained.runDir, summary: trained.summary };
}

/** The labels of a class-conditional draw: 0, 1, …, 9, 0, 1, … (so a 10-column grid has one digit per column). */
export function cyclicLabels(count: number, classes: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i % classes);
}

/**
 * Draws `count` digits with one sampler and one conditioning mode. All draws of a sampler start from the same x_T
 * and use the same noise (the same seed), so the grids compare column by column.
 */
export function drawDigits(
  udm: Udm,
  sampler: SamplerSpec,
  mode: ConditioningMode,
  count: number,
  seed: number,
): { images: Float32Array; evaluations: number } {
  if (!(udm.posterior instanceof GaussianPosterior))
    throw new Error(
      `mnist-ddim: posterior.kind must be a Gaussian parameterization, got "${udm.config.posterior.kind}"`,
    );
  const classes = udm.data.train.classes;
  if (mode.conditional && classes === undefined)
    throw new Error('mnist-ddim: the data set has no class labels');
  const labels = mode.conditional ? tf.tensor1d(cyclicLabels(count, classes!), 'int32') : undefined;
  try {
    const deps = { process: udm.process };
    const step = udm.registries.steps.create(
      decodeOrThrow(udm.registries.steps.codec(), sampler.step ?? udm.config.sample.step, 'sample.step'),
      deps,
    );
    const loop = udm.registries.samplers.create(
      decodeOrThrow(
        udm.registries.samplers.codec(),
        sampler.sampler ?? { kind: 'ancestral' },
        'sample.sampler',
      ),
      deps,
    );
    const base =
      mode.guidanceScale === undefined
        ? udm.posterior
        : new ClassifierFreeGuidance(udm.posterior, { scale: mode.guidanceScale });
    let evaluations = 0;
    const predictor: Predictor<tf.Tensor, unknown> = {
      predict: (xt, t, cond) => {
        evaluations++;
        return base.predict(xt, t, cond);
      },
    };
    const out = loop.sample({
      process: udm.process,
      predictor,
      step,
      pairs: udm.pairs(sampler.steps, sampler.grid ?? udm.config.sample.grid),
      shape: [count, ...udm.data.train.itemShape],
      rng: new SeededRng(seed),
      ...(labels ? { cond: { labels } } : {}),
    });
    const x0 = out.x0.dataSync() as Float32Array;
    tf.dispose([out.x0, ...out.intermediates.map((i) => i.x)]);
    return { images: x0, evaluations };
  } finally {
    labels?.dispose();
  }
}

/**
 * Trains (or loads) the class-conditional ε-prediction model, then draws `count` digits with every sampler in
 * every conditioning mode (null label, label, CFG), scores each set with a small digit classifier trained on the
 * training digits (confidence, class entropy, Fréchet distance of its features to the held-out digits, and the
 * fraction classified as the requested label), estimates the held-out NELBO in bits/dim per reverse variance, and
 * writes one PNG grid per set and results.json.
 */
export async function runMnistDdim(options: MnistDdimOptions = {}): Promise<MnistDdimResult> {
  const { udm, runDir, summary } = await trainedModel(options);
  const log = (m: string): void => {
    if ((options.progress ?? 'bar') !== 'quiet') process.stderr.write(`${m}\n`);
  };
  try {
    const count = options.count ?? udm.config.sample.count;
    if (!(Number.isInteger(count) && count >= 2))
      throw new RangeError(`count: expected an integer ≥ 2, got ${count}`);
    const { low, high } = udm.config.data as unknown as { low: number; high: number };
    const itemShape = udm.data.train.itemShape;
    const pixels = itemShape.reduce((a, b) => a * b, 1);
    const classes = udm.data.train.classes ?? 10;

    log('training the yardstick classifier …');
    const yardstick = trainYardstick(udm.data, {
      steps: options.classifierSteps,
      rng: new SeededRng(deriveSeed(udm.config.seed, 'example/classifier')),
    });
    try {
      const { classifier, heldOut, heldOutLabels, heldOutView } = yardstick;
      const reference = {
        heldOut: imageQuality(classifier, heldOut, heldOutView.features, heldOutLabels),
        trainDigits: imageQuality(
          classifier,
          udm.data.train.toArray().subarray(0, count * pixels),
          heldOutView.features,
        ),
      };
      const samples: Record<string, Record<string, SampleScore>> = {};
      const nelboResults: HeldOutNelbo[] = [];
      const result = (): MnistDdimResult => ({
        runDir,
        trainSteps: udm.trainedSteps,
        ...(summary
          ? {
              trainSeconds: summary.seconds,
              trainStepsPerSecond: summary.stepsPerSecond,
              trainMeanLoss: summary.meanLoss,
            }
          : {}),
        count,
        classifierAccuracy: reference.heldOut.labelAccuracy!,
        reference,
        samples,
        nelbo: nelboResults,
      });
      // Written after every part, so a long evaluation that is stopped keeps what it measured.
      const save = () =>
        writeFileAtomic(
          join(runDir, options.resultsFile ?? 'results.json'),
          Buffer.from(JSON.stringify(result(), null, 2)),
        );

      const nelboOptions = options.nelbo ?? { examples: 64, repeats: 8, timesteps: 16 };
      if (nelboOptions) {
        for (const variance of nelboOptions.variances ?? ['fixed_small', 'fixed_large']) {
          log(
            `NELBO of ${nelboOptions.examples} held-out digits, ${variance}, ` +
              `${nelboOptions.repeats} × ${nelboOptions.timesteps ?? 'all'} t …`,
          );
          nelboResults.push(
            heldOutNelbo(udm, {
              ...nelboOptions,
              variance,
              seed: deriveSeed(udm.config.seed, 'example/nelbo'),
            }),
          );
          await save();
        }
      }

      const seed = deriveSeed(udm.config.seed, 'example/sample');
      for (const sampler of options.samplers ?? SAMPLERS) {
        samples[sampler.id] = {};
        for (const mode of modesOf(sampler, options.guidanceScale ?? 3)) {
          log(`sampling ${count} digits with ${sampler.name}, ${mode.name} …`);
          const t0 = performance.now();
          const { images, evaluations } = drawDigits(udm, sampler, mode, count, seed);
          const seconds = (performance.now() - t0) / 1000;
          // Scored in the data's scale, clipped to its range like the training images.
          const clipped = Float32Array.from(images, (v) => Math.min(high, Math.max(low, v)));
          const figure = join(runDir, `${sampler.id}-${mode.id}.png`);
          await writeFileAtomic(
            figure,
            // Conditional digits: column k was asked for class k, and says so above it.
            mode.conditional
              ? labelledImageGridPng(clipped, [count, itemShape[0]!, itemShape[1]!], {
                  columns: classes,
                  scale: 2,
                  range: [low, high],
                  columnLabels: Array.from({ length: classes }, (_, k) => `y = ${k}`),
                  title: `${sampler.name}, ${mode.name}`,
                })
              : imageGridPng(clipped, [count, itemShape[0]!, itemShape[1]!], {
                  columns: classes,
                  scale: 2,
                  range: [low, high],
                }),
          );
          samples[sampler.id]![mode.id] = {
            ...imageQuality(
              classifier,
              clipped,
              heldOutView.features,
              mode.conditional ? cyclicLabels(count, classes) : undefined,
            ),
            seconds,
            evaluations,
            figure,
          };
          await save();
        }
      }
      await save();
      return result();
    } finally {
      yardstick.dispose();
    }
  } finally {
    udm.dispose();
  }
}
