import { encodeCheckpoint, type MetricsRecord } from '@udm/cli/browser';
import { SeededRng, type TrainProgress, type TrainSummary, type Udm } from '@udm/core';
import { modelFromConfigText } from './load-model.js';

/** One logged training step, as a line of a run's `metrics.jsonl` (what `udm plot` and the loss curve read). */
export type LossRecord = MetricsRecord;

/** Samples drawn while (or after) training, to show how the model is doing. */
export interface LivePreview {
  /** Optimizer steps done when they were drawn. */
  readonly step: number;
  /** Row-major [count, ...itemShape]. */
  readonly samples: Float32Array;
  /** `current` (θ, during training) or `EMA` (θ̄, after training, what `udm sample` uses). */
  readonly weights: 'current' | 'EMA';
  /** The held-out data, row-major (to draw beside the samples). */
  readonly heldOut: Float32Array;
}

export interface LiveTrainingOptions {
  /** The config, as `udm train --config` reads it (JSON text; validated by the same codecs). */
  readonly configText: string;
  /** Replaces the config's `seed` (data, initial weights, training noise all derive from it). */
  readonly seed: number;
  /** Replaces the config's `train.steps`. */
  readonly steps: number;
  /** Draw preview samples every this many steps (and after training). */
  readonly previewEvery: number;
  /** Points per preview (default 1,000). */
  readonly previewCount?: number;
  /** Seed of the preview samples (default 0); they draw from their own RNG, never the training one. */
  readonly previewSeed?: number;
  /** Stops after the current step; the checkpoint holds the steps done. */
  readonly signal?: AbortSignal;
  /** After every optimizer step (loss, gradient norm, steps/s). */
  readonly onStep?: (progress: TrainProgress, records: readonly LossRecord[]) => void;
  /** Every `previewEvery` steps and once after training (EMA weights). */
  readonly onPreview?: (preview: LivePreview, records: readonly LossRecord[]) => void;
}

export interface LiveTrainingResult {
  /** The trained model, EMA weights loaded when it keeps an EMA; the caller disposes it. */
  readonly udm: Udm;
  readonly summary: TrainSummary;
  /** Every step's loss. */
  readonly records: readonly LossRecord[];
  /** The checkpoint file's bytes, as `udm train` writes them: `udm sample --checkpoint` reads it. */
  readonly checkpoint: Uint8Array;
}

/** The config text with `seed` and `train.steps` replaced, and one checkpoint at the end (`checkpointEvery`). */
export function liveConfigText(configText: string, seed: number, steps: number): string {
  let raw: unknown;
  try {
    raw = JSON.parse(configText);
  } catch (e) {
    throw new Error(`config: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('config: expected a JSON object');
  const config = raw as { train?: unknown };
  const train = typeof config.train === 'object' && config.train !== null ? config.train : {};
  return JSON.stringify({ ...config, seed, train: { ...train, steps, checkpointEvery: steps } });
}

/**
 * Trains a model in this process (a browser tab) with the library's own trainer: the config is validated by the
 * same codecs as `udm train`, `udm.train()` runs the steps (the core `train()`, its checks, EMA and checkpoint
 * sink), `onStep` sees every step and `onPreview` samples drawn with the current weights every `previewEvery` steps,
 * then with the EMA weights at the end. The checkpoint the trainer hands its sink is encoded in `udm train`'s format.
 */
export async function trainLive(options: LiveTrainingOptions): Promise<LiveTrainingResult> {
  if (!Number.isSafeInteger(options.previewEvery) || options.previewEvery < 1)
    throw new RangeError(`preview every: expected a positive integer, got ${options.previewEvery}`);
  const udm = modelFromConfigText(liveConfigText(options.configText, options.seed, options.steps), 'config');
  const records: LossRecord[] = [];
  const count = options.previewCount ?? 1000;
  const heldOut = udm.data.heldOut.toArray();
  const preview = (step: number, weights: LivePreview['weights']): void => {
    const { x0 } = udm.sample({ count, rng: new SeededRng(options.previewSeed ?? 0) });
    const samples = x0.dataSync() as Float32Array;
    x0.dispose();
    options.onPreview?.({ step, samples, weights, heldOut }, records);
  };
  let checkpoint: Uint8Array | undefined;
  try {
    const summary = await udm.train({
      checkpoint: {
        save: async (state) => {
          checkpoint = await encodeCheckpoint(state, udm.config);
        },
      },
      ...(options.signal ? { signal: options.signal } : {}),
      onStep: (p) => {
        records.push({ step: p.step, loss: p.loss });
        options.onStep?.(p, records);
        if (p.step % options.previewEvery === 0) preview(p.step, 'current');
      },
    });
    if (!checkpoint) throw new Error('training stopped before its first step: no checkpoint');
    udm.useEmaWeights();
    preview(summary.step, udm.ema ? 'EMA' : 'current');
    return { udm, summary, records, checkpoint };
  } catch (e) {
    udm.dispose();
    throw e;
  }
}
