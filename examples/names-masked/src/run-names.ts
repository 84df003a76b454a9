import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { trainRun, withOverrides, type ProgressMode } from '@udm/cli';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';
import { tokenSplit } from '@udm/data';
import type { SubsPosterior } from '@udm/masked';
import {
  countEstimator,
  evaluateNelbo,
  kneserNeyBaselines,
  ngramDistances,
  textBaselines,
  type KneserNeyBaseline,
  type NelboResult,
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

export interface SamplerResult {
  readonly step: { kind: string };
  readonly steps: number;
  readonly seconds: number;
  /** The first 20 generated names. */
  readonly shown: string[];
  /** How many of the 20 shown names are not training names (the rest are copied from training). */
  readonly shownNovel: number;
  /** Fractions of the generated names. */
  readonly novel: number;
  readonly copiedFromTraining: number;
  readonly inHeldOut: number;
  readonly distinct: number;
  /** [PAD] followed by a letter (a name with a gap). */
  readonly malformed: number;
  readonly unigramTv: number;
  readonly bigramTv: number;
}

export interface NamesResult {
  readonly runDir: string;
  readonly trainSeconds: number;
  readonly trainStepsPerSecond: number;
  readonly trainSteps: number;
  /** The 1-, 5- and 15-minute load averages before and after training (the machine may be shared). */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
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
  return JSON.parse(readFileSync(new URL('../config.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Trains the masked diffusion model on first names, evaluates bits/char and samples names with two samplers. */
export async function runNames(options: NamesOptions = {}): Promise<NamesResult> {
  const loadBefore = loadavg();
  const trained = await trainRun({
    config: withOverrides(options.config ?? defaultConfig(), {
      steps: options.trainSteps,
      objective: options.objective,
    }),
    outDir: options.outDir,
    name: 'names-masked',
    progress: options.progress,
  });
  const loadAfter = loadavg();
  const udm = trained.udm;
  try {
    const { train, heldOut } = tokenSplit(udm);
    const tok = train.tokenizer;
    const seed = udm.config.seed;
    const posterior = udm.posterior as SubsPosterior;
    const nelbo = evaluateNelbo(posterior, heldOut, {
      rng: new SeededRng(deriveSeed(seed, 'eval')),
      timesPerSequence: 16,
      padId: tok.padId,
      estimator: countEstimator,
    });
    const kneserNey = kneserNeyBaselines(train, heldOut);
    const samplers = sampleNames(udm, options.count ?? 1000);
    const refRows = Int32Array.from({ length: Math.min(options.count ?? 1000, train.size) }, (_, i) => i);
    const refIds = Int32Array.from([...refRows].flatMap((i) => [...train.row(i)]));
    const result: NamesResult = {
      runDir: trained.runDir,
      trainSeconds: trained.summary.seconds,
      trainStepsPerSecond: trained.summary.stepsPerSecond,
      trainSteps: trained.summary.step,
      loadBefore,
      loadAfter,
      nelbo,
      kneserNey,
      ...textBaselines(train, heldOut),
      reference: ngramDistances(refIds, heldOut),
      samplers,
    };
    await writeFileAtomic(
      join(trained.runDir, 'results.json'),
      Buffer.from(`${JSON.stringify(result, null, 2)}\n`),
    );
    return result;
  } finally {
    udm.dispose();
  }
}

/**
 * Draws `count` names with each of the two samplers (one step per position) and compares them with the training and
 * held-out names: novelty, copies, malformed rows, unigram/bigram distances to the held-out names.
 */
export function sampleNames(udm: Udm, count: number): SamplerResult[] {
  const { train, heldOut } = tokenSplit(udm);
  const tok = train.tokenizer;
  const seed = udm.config.seed;
  const L = train.length;
  const trainNames = new Set(train.texts());
  const heldNames = new Set(heldOut.texts());
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
    const names: string[] = [];
    let malformed = 0;
    for (let b = 0; b < count; b++) {
      const row = ids.subarray(b * L, (b + 1) * L);
      const end = row.indexOf(tok.padId);
      if (end >= 0 && row.subarray(end).some((v) => v !== tok.padId)) malformed++;
      names.push(tok.decode(row));
    }
    samplers.push({
      step,
      steps,
      seconds,
      shown: names.slice(0, 20),
      shownNovel: names.slice(0, 20).filter((n) => !trainNames.has(n)).length,
      novel: names.filter((n) => !trainNames.has(n)).length / count,
      copiedFromTraining: names.filter((n) => trainNames.has(n)).length / count,
      inHeldOut: names.filter((n) => heldNames.has(n)).length / count,
      distinct: new Set(names).size / count,
      malformed: malformed / count,
      ...ngramDistances(ids, heldOut),
    });
  }
  return samplers;
}
