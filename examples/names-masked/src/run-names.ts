import type { ProgressMode } from '@udm/cli';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';
import { tokenSplit } from '@udm/data';
import {
  readExampleConfig,
  sampleStatistics,
  trainAndReport,
  type SampleStatistics,
  type TrainingReport,
} from '@udm/example-text-kit';
import {
  countEstimator,
  evaluateNelbo,
  kneserNeyBaselines,
  ngramDistances,
  textBaselines,
  type KneserNeyBaseline,
  type NelboResult,
  type SubsPosterior,
} from '@udm/masked';

export interface NamesOptions {
  readonly config?: unknown;
  readonly outDir?: string;
  readonly progress?: ProgressMode;
  /** Override `train.steps`. */
  readonly trainSteps?: number;
  /** Override `posterior.objective.kind` ("nelbo" or "cross-entropy"). */
  readonly objective?: string;
  /** Names drawn per sampler for the statistics (default 1000). */
  readonly count?: number;
}

export interface SamplerResult extends SampleStatistics {
  readonly step: { kind: string };
  readonly steps: number;
  readonly seconds: number;
}

export interface NamesResult extends TrainingReport {
  /** The held-out NELBO by the count estimator (k ~ U{1..L} masked, weight L/k), 16 draws per name. */
  readonly nelbo: NelboResult;
  /** Interpolated modified Kneser-Ney n-grams of orders 2–5, counted as the NELBO is. */
  readonly kneserNey: readonly KneserNeyBaseline[];
  /** The unigram entropy of the training names (characters and an end symbol), in bits per character. */
  readonly trainEntropyBits: number;
  readonly unigramBits: number;
  readonly bigramBits: number;
  /** Unigram / bigram distance between 1,000 training names and the held-out names (the sampling floor). */
  readonly reference: { readonly unigramTv: number; readonly bigramTv: number };
  readonly samplers: SamplerResult[];
}

export function defaultConfig(): Record<string, unknown> {
  return readExampleConfig(new URL('../config.json', import.meta.url));
}

/** Trains the masked diffusion model on first names, evaluates bits/char and samples names with two samplers. */
export async function runNames(options: NamesOptions = {}): Promise<NamesResult> {
  return trainAndReport(
    {
      config: options.config ?? defaultConfig(),
      overrides: { steps: options.trainSteps, objective: options.objective },
      outDir: options.outDir,
      name: 'names-masked',
      progress: options.progress,
    },
    (udm) => {
      const { train, heldOut } = tokenSplit(udm);
      const nelbo = evaluateNelbo(udm.posterior as SubsPosterior, heldOut, {
        rng: new SeededRng(deriveSeed(udm.config.seed, 'eval')),
        timesPerSequence: 16,
        padId: train.tokenizer.padId,
        estimator: countEstimator,
      });
      const refRows = Int32Array.from({ length: Math.min(options.count ?? 1000, train.size) }, (_, i) => i);
      const refIds = Int32Array.from([...refRows].flatMap((i) => [...train.row(i)]));
      return {
        nelbo,
        kneserNey: kneserNeyBaselines(train, heldOut),
        ...textBaselines(train, heldOut),
        reference: ngramDistances(refIds, heldOut),
        samplers: sampleNames(udm, options.count ?? 1000),
      };
    },
  );
}

/**
 * Draws `count` names with each of the two samplers (one step per position) and compares them with the training and
 * held-out names: novelty, copies, malformed rows, unigram/bigram distances to the held-out names.
 */
export function sampleNames(udm: Udm, count: number): SamplerResult[] {
  const split = tokenSplit(udm);
  const seed = udm.config.seed;
  const L = split.train.length;
  const samplers: SamplerResult[] = [];
  for (const step of [{ kind: 'masked-ancestral' }, { kind: 'masked-low-confidence' }]) {
    const steps = L;
    const began = performance.now();
    const { x0 } = udm.sample({
      count,
      steps,
      step,
      rng: new SeededRng(deriveSeed(seed, `sample/${step.kind}`)),
    });
    const seconds = (performance.now() - began) / 1000;
    const ids = Int32Array.from(x0.dataSync());
    x0.dispose();
    samplers.push({ step, steps, seconds, ...sampleStatistics(ids, split) });
  }
  return samplers;
}
