import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { trainRun, type ProgressMode } from '@udm/cli';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';
import { TokenDataset } from '@udm/data';
import type { SubsPosterior } from '@udm/masked';
import { evaluateNelbo, ngramBaselineBits, ngramDistance, type NelboResult } from '@udm/masked';

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
  readonly nelbo: NelboResult;
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

function tokenData(udm: Udm): { train: TokenDataset; heldOut: TokenDataset } {
  const { train, heldOut } = udm.data;
  if (!(train instanceof TokenDataset && heldOut instanceof TokenDataset))
    throw new Error('names-masked: expected a text data set (data.kind "first-names")');
  return { train, heldOut };
}

/** Trains the masked diffusion model on first names, evaluates bits/char and samples names with two samplers. */
export async function runNames(options: NamesOptions = {}): Promise<NamesResult> {
  const config = (options.config ?? defaultConfig()) as Record<string, unknown>;
  const withSteps = {
    ...config,
    ...(options.trainSteps === undefined
      ? {}
      : { train: { ...(config['train'] as object), steps: options.trainSteps } }),
    ...(options.objective === undefined
      ? {}
      : { posterior: { ...(config['posterior'] as object), objective: { kind: options.objective } } }),
  };
  const trained = await trainRun({
    config: withSteps,
    outDir: options.outDir ?? 'runs',
    name: 'names-masked',
    progress: options.progress ?? 'bar',
  });
  const udm = trained.udm;
  try {
    const { train, heldOut } = tokenData(udm);
    const tok = train.tokenizer;
    const seed = udm.config.seed;
    const L = train.length;
    const V = train.categories;
    const posterior = udm.posterior as SubsPosterior;
    const nelbo = evaluateNelbo(posterior, heldOut, {
      rng: new SeededRng(deriveSeed(seed, 'eval')),
      timesPerSequence: 16,
      padId: tok.padId,
    });
    const baseline = { length: L, categories: V, maskId: tok.maskId, padId: tok.padId };
    const ngram = { length: L, categories: V, ignore: [tok.padId, tok.maskId] };
    const trainNames = new Set(train.texts());
    const heldNames = new Set(heldOut.texts());
    const count = options.count ?? 1000;
    const refRows = Int32Array.from({ length: Math.min(count, train.size) }, (_, i) => i);
    const refIds = Int32Array.from([...refRows].flatMap((i) => [...train.row(i)]));
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
        unigramTv: ngramDistance(ids, heldOut.ids, 1, ngram),
        bigramTv: ngramDistance(ids, heldOut.ids, 2, ngram),
      });
    }
    const result: NamesResult = {
      runDir: trained.runDir,
      trainSeconds: trained.summary.seconds,
      trainStepsPerSecond: trained.summary.stepsPerSecond,
      trainSteps: trained.summary.step,
      nelbo,
      trainEntropyBits: ngramBaselineBits(train.ids, train.ids, 1, { ...baseline, laplace: 0 }),
      unigramBits: ngramBaselineBits(train.ids, heldOut.ids, 1, baseline),
      bigramBits: ngramBaselineBits(train.ids, heldOut.ids, 2, baseline),
      reference: {
        unigramTv: ngramDistance(refIds, heldOut.ids, 1, ngram),
        bigramTv: ngramDistance(refIds, heldOut.ids, 2, ngram),
      },
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
