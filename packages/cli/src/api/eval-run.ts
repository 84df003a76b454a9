import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ContainerModule } from 'inversify';
import {
  deriveSeed,
  evaluatorsOf,
  type ClassLabels,
  type EvalValues,
  type Evaluator,
  type KindConfig,
  type Udm,
} from '@udm/core';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { createReporter, type ProgressMode } from '../progress/reporter.js';
import type { ConfigSet } from './config-set.js';
import { checkSamplingMemory } from './memory-check.js';
import { modelFromCheckpoint } from './model-from-checkpoint.js';

export interface EvalRunOptions {
  /** A checkpoint file, or a run directory holding `checkpoint.safetensors`. */
  readonly checkpoint?: string;
  /** An in-memory model instead of a checkpoint (it is not disposed). */
  readonly udm?: Udm;
  /** Run only these evaluators (by name); default: every registered one that applies. */
  readonly only?: readonly string[];
  /** Held-out examples to evaluate at most (per evaluator). */
  readonly maxExamples?: number;
  /** Samples drawn by sample-based evaluators. */
  readonly count?: number;
  /** Sampler steps of sample-based evaluators (default: the config's `sample.steps`). */
  readonly steps?: number;
  /** Estimate the memory of sampling `count` examples and refuse a count that cannot fit (default true). */
  readonly checkMemory?: boolean;
  /** Seed of the evaluation (default: derived from the config's seed). */
  readonly seed?: number;
  /** Evaluate the raw weights instead of the EMA (default: the config's `sample.useEma`). */
  readonly useEma?: boolean;
  /** Overrides of the checkpoint's config (`sample.steps=20`), validated like a config file. */
  readonly set?: readonly (ConfigSet | string)[];
  /** Class labels y of sample-based metrics (`udm eval --label`), set as `sample.labels` of the checkpoint's config. */
  readonly labels?: ClassLabels;
  /** Guidance of sample-based metrics (`--guidance`), set as `sample.guidance`. */
  readonly guidance?: unknown;
  /** φ of guidance rescale (`--guidance-rescale`), set as `sample.guidance.rescale`. */
  readonly guidanceRescale?: number;
  /** Where `eval.json` is written (default: the checkpoint's directory; none for an in-memory model). */
  readonly outDir?: string;
  readonly modules?: readonly ContainerModule[];
  readonly progress?: ProgressMode;
}

/** One evaluator's outcome. */
export interface EvalEntry {
  readonly evaluator: string;
  readonly description: string;
  readonly values: EvalValues;
  readonly seconds: number;
}

export interface EvalRunResult {
  /** The checkpoint evaluated (absent for an in-memory model). */
  readonly checkpoint?: string;
  /** Its training step (absent for an in-memory model). */
  readonly step?: number;
  readonly seed: number;
  /** How sample-based metrics draw their samples: the config's sampler, step and grid, and the steps used. */
  readonly sampling: {
    readonly sampler: KindConfig;
    readonly step: KindConfig;
    readonly grid: KindConfig;
    readonly steps: number;
    /** Guidance of the samples (`sample.guidance`), or null. */
    readonly guidance: KindConfig | null;
    /** Class labels of the samples (`sample.labels`), or null. */
    readonly labels: ClassLabels | null;
  };
  readonly results: readonly EvalEntry[];
  /** Registered evaluators that do not apply to this model, with the reason. */
  readonly skipped: ReadonlyArray<{ readonly evaluator: string; readonly reason: string }>;
  /** The JSON file written (absent for an in-memory model without `outDir`). */
  readonly file?: string;
}

/** `--label`, `--guidance`, `--guidance-rescale` as overrides of the checkpoint's `sample` config. */
function guidanceSets(options: EvalRunOptions): ConfigSet[] {
  return [
    ...(options.labels !== undefined ? [{ path: ['sample', 'labels'], value: options.labels }] : []),
    ...(options.guidance !== undefined ? [{ path: ['sample', 'guidance'], value: options.guidance }] : []),
    ...(options.guidanceRescale !== undefined
      ? [{ path: ['sample', 'guidance', 'rescale'], value: options.guidanceRescale }]
      : []),
  ];
}

function choose(all: readonly Evaluator[], udm: Udm, only: readonly string[] | undefined) {
  if (only) {
    const unknown = only.filter((n) => !all.some((e) => e.name === n));
    if (unknown.length > 0)
      throw new Error(
        `--only: unknown evaluator ${unknown.map((n) => `"${n}"`).join(', ')} ` +
          `(registered: ${all.map((e) => `"${e.name}"`).join(', ') || 'none'})`,
      );
  }
  const chosen: Evaluator[] = [];
  const skipped: Array<{ evaluator: string; reason: string }> = [];
  for (const e of all) {
    if (only && !only.includes(e.name)) continue;
    const reason = e.unsupported(udm);
    if (reason === undefined) chosen.push(e);
    else skipped.push({ evaluator: e.name, reason });
  }
  if (only && chosen.length === 0)
    throw new Error(`--only: ${skipped.map((s) => `${s.evaluator} ${s.reason}`).join('; ')}`);
  return { chosen, skipped };
}

/**
 * Evaluates a trained model with every evaluator its plugins contribute that applies to it (NELBO bits/dim for
 * Gaussian processes, bits/char for masked text, sample distances for 2-D data, a user's own via DI), and writes
 * the typed result as `eval.json` next to the checkpoint.
 */
export async function evalRun(options: EvalRunOptions): Promise<EvalRunResult> {
  if (!options.udm && !options.checkpoint)
    throw new Error('checkpoint: expected a checkpoint file or run directory');
  const sets = [...(options.set ?? []), ...guidanceSets(options)];
  if (options.udm && sets.length > 0)
    throw new Error(
      'set: config overrides (--set, --label, --guidance) need a checkpoint, not an in-memory model',
    );
  const loaded = options.udm
    ? undefined
    : await modelFromCheckpoint(options.checkpoint!, {
        ...(options.modules ? { modules: options.modules } : {}),
        ...(options.useEma !== undefined ? { useEma: options.useEma } : {}),
        ...(sets.length > 0 ? { set: sets } : {}),
      });
  const udm = options.udm ?? loaded!.udm;
  try {
    const { chosen, skipped } = choose(evaluatorsOf(udm.container), udm, options.only);
    if (options.count !== undefined && (options.checkMemory ?? true)) {
      const steps = options.steps ?? udm.config.sample.steps;
      await checkSamplingMemory(udm, { count: options.count, steps, step: udm.config.sample.step });
    }
    const seed = options.seed ?? deriveSeed(udm.config.seed, 'eval');
    const reporter = createReporter(options.progress ?? 'bar');
    const results: EvalEntry[] = [];
    for (const e of chosen) {
      let started = false;
      const began = performance.now();
      const values = await e.evaluate({
        udm,
        seed,
        ...(options.maxExamples !== undefined ? { maxExamples: options.maxExamples } : {}),
        ...(options.count !== undefined ? { count: options.count } : {}),
        ...(options.steps !== undefined ? { steps: options.steps } : {}),
        onProgress: (done, total) => {
          if (!started) reporter.start(total, `eval ${e.name}`);
          started = true;
          reporter.update(done, {});
        },
      });
      reporter.stop();
      const seconds = (performance.now() - began) / 1000;
      results.push({ evaluator: e.name, description: e.description, values, seconds });
      reporter.info(
        `${e.name}: ${Object.entries(values)
          .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`)
          .join(', ')} (${seconds.toFixed(1)} s)`,
        { evaluator: e.name, values, seconds },
      );
    }
    const outDir = options.outDir ?? (loaded ? dirname(loaded.file) : undefined);
    const result: EvalRunResult = {
      ...(loaded ? { checkpoint: loaded.file, step: loaded.step } : {}),
      seed,
      sampling: {
        sampler: udm.config.sample.sampler,
        step: udm.config.sample.step,
        grid: udm.config.sample.grid,
        steps: options.steps ?? udm.config.sample.steps,
        guidance: udm.config.sample.guidance ?? null,
        labels: udm.config.sample.labels ?? null,
      },
      results,
      skipped,
    };
    if (outDir === undefined) return result;
    const file = join(outDir, 'eval.json');
    mkdirSync(outDir, { recursive: true }); // `udm eval -o <dir>` may name a folder that does not exist yet
    await writeFileAtomic(file, Buffer.from(`${JSON.stringify(result, null, 2)}\n`));
    return { ...result, file };
  } finally {
    loaded?.udm.dispose();
  }
}
