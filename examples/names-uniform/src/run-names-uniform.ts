import type { ProgressMode } from '@udm/cli';
import { deriveSeed, SeededRng, type SequenceNelboResult } from '@udm/core';
import { tokenSplit } from '@udm/data';
import { kneserNeyBaselines, textBaselines, type KneserNeyBaseline } from '@udm/masked';
import {
  readExampleConfig,
  sampleStatistics,
  trainAndReport,
  type SampleStatistics,
  type TrainingReport,
} from '@udm/example-text-kit';
import { evaluateUniformNelbo, isUniformPosterior } from '@udm/uniform';

export interface UniformNamesOptions {
  readonly config?: unknown;
  readonly outDir?: string;
  readonly progress?: ProgressMode;
  /** Override `train.steps`. */
  readonly trainSteps?: number;
  /** Names drawn for the sample statistics (default 1000). */
  readonly count?: number;
  /** Sampler steps (default: the config's `sample.steps`). */
  readonly sampleSteps?: number;
}

export interface UniformNamesResult extends TrainingReport {
  /** The held-out continuous-time NELBO, 16 stratified times per name, counted as the masked family's. */
  readonly nelbo: SequenceNelboResult;
  /** Interpolated modified Kneser-Ney n-grams of orders 2–5, counted as the NELBO is. */
  readonly kneserNey: readonly KneserNeyBaseline[];
  readonly trainEntropyBits: number;
  readonly unigramBits: number;
  readonly bigramBits: number;
  readonly sampling: SampleStatistics & { readonly steps: number; readonly seconds: number };
}

export function defaultConfig(): Record<string, unknown> {
  return readExampleConfig(new URL('../config.json', import.meta.url));
}

/** Trains the uniform-state model on first names, evaluates bits/char beside the n-gram baselines, samples names. */
export async function runUniformNames(options: UniformNamesOptions = {}): Promise<UniformNamesResult> {
  return trainAndReport(
    {
      config: options.config ?? defaultConfig(),
      overrides: { steps: options.trainSteps },
      outDir: options.outDir,
      name: 'names-uniform',
      progress: options.progress,
    },
    (udm) => {
      const split = tokenSplit(udm);
      const { train, heldOut } = split;
      const seed = udm.config.seed;
      if (!isUniformPosterior(udm.posterior))
        throw new Error('names-uniform: expected posterior.kind "uniform"');
      const nelbo = evaluateUniformNelbo(udm.posterior, heldOut, {
        rng: new SeededRng(deriveSeed(seed, 'eval')),
        timesPerSequence: 16,
        padId: train.tokenizer.padId,
      });
      const kneserNey = kneserNeyBaselines(train, heldOut);
      const count = options.count ?? 1000;
      const steps = options.sampleSteps ?? udm.config.sample.steps;
      const began = performance.now();
      const { x0 } = udm.sample({ count, steps, rng: new SeededRng(deriveSeed(seed, 'sample/uniform')) });
      const seconds = (performance.now() - began) / 1000;
      const ids = Int32Array.from(x0.dataSync());
      x0.dispose();
      return {
        nelbo,
        kneserNey,
        ...textBaselines(train, heldOut),
        sampling: { steps, seconds, ...sampleStatistics(ids, split) },
      };
    },
  );
}
