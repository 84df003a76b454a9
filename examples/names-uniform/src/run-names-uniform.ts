import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { trainRun, withOverrides, type ProgressMode } from '@udm/cli';
import { deriveSeed, SeededRng, type SequenceNelboResult } from '@udm/core';
import { tokenSplit } from '@udm/data';
import { kneserNeyBaselines, ngramDistances, textBaselines, type KneserNeyBaseline } from '@udm/masked';
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

export interface UniformNamesResult {
  readonly runDir: string;
  readonly trainSeconds: number;
  readonly trainStepsPerSecond: number;
  readonly trainSteps: number;
  /** The 1-, 5- and 15-minute load averages before and after training (the machine may be shared). */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  /** The held-out continuous-time NELBO, 16 stratified times per name, counted as the masked family's. */
  readonly nelbo: SequenceNelboResult;
  /** Interpolated modified Kneser-Ney n-grams of orders 2–5, counted as the NELBO is. */
  readonly kneserNey: readonly KneserNeyBaseline[];
  readonly trainEntropyBits: number;
  readonly unigramBits: number;
  readonly bigramBits: number;
  readonly sampling: {
    readonly steps: number;
    readonly seconds: number;
    readonly shown: string[];
    readonly novel: number;
    readonly distinct: number;
    /** [PAD] followed by a letter (a name with a gap). */
    readonly malformed: number;
    readonly unigramTv: number;
    readonly bigramTv: number;
  };
}

export function defaultConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../config.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Trains the uniform-state model on first names, evaluates bits/char beside the n-gram baselines, samples names. */
export async function runUniformNames(options: UniformNamesOptions = {}): Promise<UniformNamesResult> {
  const loadBefore = loadavg();
  const trained = await trainRun({
    config: withOverrides(options.config ?? defaultConfig(), { steps: options.trainSteps }),
    outDir: options.outDir,
    name: 'names-uniform',
    progress: options.progress,
  });
  const loadAfter = loadavg();
  const udm = trained.udm;
  try {
    const { train, heldOut } = tokenSplit(udm);
    const tok = train.tokenizer;
    const seed = udm.config.seed;
    const L = train.length;
    if (!isUniformPosterior(udm.posterior))
      throw new Error('names-uniform: expected posterior.kind "uniform"');
    const nelbo = evaluateUniformNelbo(udm.posterior, heldOut, {
      rng: new SeededRng(deriveSeed(seed, 'eval')),
      timesPerSequence: 16,
      padId: tok.padId,
    });
    const kneserNey = kneserNeyBaselines(train, heldOut);
    const trainNames = new Set(train.texts());
    const count = options.count ?? 1000;
    const steps = options.sampleSteps ?? udm.config.sample.steps;
    const began = performance.now();
    const { x0 } = udm.sample({ count, steps, rng: new SeededRng(deriveSeed(seed, 'sample/uniform')) });
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
    const result: UniformNamesResult = {
      runDir: trained.runDir,
      trainSeconds: trained.summary.seconds,
      trainStepsPerSecond: trained.summary.stepsPerSecond,
      trainSteps: trained.summary.step,
      loadBefore,
      loadAfter,
      nelbo,
      kneserNey,
      ...textBaselines(train, heldOut),
      sampling: {
        steps,
        seconds,
        shown: names.slice(0, 20),
        novel: names.filter((n) => !trainNames.has(n)).length / count,
        distinct: new Set(names).size / count,
        malformed: malformed / count,
        ...ngramDistances(ids, heldOut),
      },
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
