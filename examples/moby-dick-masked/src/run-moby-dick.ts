import * as tf from '@tensorflow/tfjs';
import type { ProgressMode } from '@udm/cli';
import { deriveSeed, SeededRng } from '@udm/core';
import { tokenSplit } from '@udm/data';
import { readExampleConfig, trainAndReport, type TrainingReport } from '@udm/example-text-kit';
import type { MaskingProcess, SubsPosterior } from '@udm/masked';
import {
  countEstimator,
  evaluateNelbo,
  kneserNeyBaselines,
  type KneserNeyBaseline,
  infill,
  ancestralRule,
  MaskedStep,
  ngramDistances,
  textBaselines,
  type NelboResult,
} from '@udm/masked';

export interface MobyDickOptions {
  readonly config?: unknown;
  readonly outDir?: string;
  readonly progress?: ProgressMode;
  /** Override `train.steps`. */
  readonly trainSteps?: number;
  /** Override `posterior.objective.kind` ("nelbo" or "cross-entropy"). */
  readonly objective?: string;
  /** Windows generated per sampler for the n-gram statistics (default 64). */
  readonly count?: number;
}

export interface GeneratedText {
  readonly sampler: string;
  readonly seconds: number;
  readonly texts: string[];
  readonly unigramTv: number;
  readonly bigramTv: number;
}

export interface InfillExample {
  readonly original: string;
  /** The window with the hidden span shown as underscores. */
  readonly masked: string;
  readonly filled: string;
}

export interface MobyDickResult extends TrainingReport {
  readonly trainWindows: number;
  /** Windows generated per sampler (and training windows in the reference row). */
  readonly count: number;
  /** The held-out NELBO by the count estimator (k ~ U{1..L} masked, weight L/k), 4 draws per window. */
  readonly nelbo: NelboResult;
  /** Interpolated modified Kneser-Ney n-grams of orders 2–5, each window coded on its own (tuned on every 20th training window). */
  readonly kneserNey: readonly KneserNeyBaseline[];
  /** The unigram entropy of the training windows' characters, in bits per character. */
  readonly trainEntropyBits: number;
  readonly unigramBits: number;
  readonly bigramBits: number;
  readonly reference: { readonly unigramTv: number; readonly bigramTv: number };
  readonly generated: GeneratedText[];
  readonly infill: InfillExample[];
  /** Fraction of hidden characters the infilling restored exactly (tokens sampled at temperature 1). */
  readonly infillCharacterAccuracy: number;
}

export function defaultConfig(): Record<string, unknown> {
  return readExampleConfig(new URL('../config.json', import.meta.url));
}

/** Trains on Moby-Dick windows, reports held-out bits/char, generates text and fills in hidden spans. */
export async function runMobyDick(options: MobyDickOptions = {}): Promise<MobyDickResult> {
  if (options.count !== undefined && !(Number.isSafeInteger(options.count) && options.count >= 4))
    throw new RangeError(`count: expected an integer ≥ 4, got ${options.count}`);
  return trainAndReport(
    {
      config: options.config ?? defaultConfig(),
      overrides: { steps: options.trainSteps, objective: options.objective },
      outDir: options.outDir,
      name: 'moby-dick-masked',
      progress: options.progress,
    },
    (udm) => {
      const { train, heldOut } = tokenSplit(udm);
      const tok = train.tokenizer;
      const seed = udm.config.seed;
      const L = train.length;
      const process = udm.process as MaskingProcess;
      const posterior = udm.posterior as SubsPosterior;
      const nelbo = evaluateNelbo(posterior, heldOut, {
        rng: new SeededRng(deriveSeed(seed, 'eval')),
        timesPerSequence: 4,
        padId: tok.padId,
        estimator: countEstimator,
      });
      const kneserNey = kneserNeyBaselines(train, heldOut, [2, 3, 4, 5], { tuneEvery: 20 });
      const count = Math.min(options.count ?? 64, train.size);
      // Reference floor: as many training windows, spread over the book, against the held-out chapters.
      const every = Math.floor(train.size / count);
      const refIds = Int32Array.from(
        Array.from({ length: count }, (_, i) => [...train.row(i * every)]).flat(),
      );

      const generated: GeneratedText[] = [];
      const samplers = [
        { label: 'ancestral, 64 steps', step: { kind: 'masked-ancestral' }, steps: 64 },
        { label: 'ancestral, 16 steps', step: { kind: 'masked-ancestral' }, steps: 16 },
        { label: 'low-confidence, 64 steps', step: { kind: 'masked-low-confidence' }, steps: 64 },
        {
          label: 'low-confidence, blocks of 16, 64 steps',
          step: { kind: 'masked-low-confidence', blockLength: 16 },
          steps: 64,
        },
      ];
      for (const s of samplers) {
        const began = performance.now();
        const { x0 } = udm.sample({
          count,
          steps: s.steps,
          step: s.step,
          rng: new SeededRng(deriveSeed(seed, `sample/${s.label}`)),
        });
        const seconds = (performance.now() - began) / 1000;
        const ids = Int32Array.from(x0.dataSync());
        x0.dispose();
        generated.push({
          sampler: s.label,
          seconds,
          texts: Array.from({ length: 4 }, (_, b) => tok.decode(ids.subarray(b * L, (b + 1) * L))),
          ...ngramDistances(ids, heldOut),
        });
      }

      // Infilling: hide characters 20..43 of held-out windows and let the model write them.
      const [from, to] = [20, 44];
      const rows = Array.from({ length: 6 }, (_, i) => Math.floor((i * heldOut.size) / 6));
      const template = Int32Array.from(rows.flatMap((r) => [...heldOut.row(r)]));
      for (let b = 0; b < rows.length; b++) template.fill(tok.maskId, b * L + from, b * L + to);
      const x = tf.tensor2d(template, [rows.length, L], 'int32');
      const out = infill({
        process,
        predictor: posterior,
        step: new MaskedStep(process, ancestralRule, { temperature: 1, topP: 1 }),
        template: x,
        steps: to - from,
        rng: new SeededRng(deriveSeed(seed, 'infill')),
      });
      const filled = Int32Array.from(out.dataSync());
      tf.dispose([x, out]);
      let right = 0;
      const examples: InfillExample[] = rows.map((r, b) => {
        const original = heldOut.row(r);
        for (let l = from; l < to; l++) if (filled[b * L + l] === original[l]) right++;
        return {
          original: tok.decode(original),
          masked: tok.decode(template.subarray(b * L, (b + 1) * L), { mask: '_' }),
          filled: tok.decode(filled.subarray(b * L, (b + 1) * L)),
        };
      });

      return {
        trainWindows: train.size,
        count,
        nelbo,
        kneserNey,
        ...textBaselines(train, heldOut),
        reference: ngramDistances(refIds, heldOut),
        generated,
        infill: examples,
        infillCharacterAccuracy: right / (rows.length * (to - from)),
      };
    },
  );
}
