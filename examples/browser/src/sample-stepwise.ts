import * as tf from '@tensorflow/tfjs';
import { decodeOrThrow, sample, SeededRng, type ConditionalStep, type Udm } from '@udm/core';

/** One state of the chain: x_T (index −1) or x_s after step `index`, read back to the host. */
export interface StepwiseProgress {
  /** −1 for the prior draw x_T, else the 0-based index of the step just taken. */
  readonly index: number;
  readonly total: number;
  /** The time of `points` (T for x_T). */
  readonly time: number;
  /** Row-major [count, ...itemShape]. */
  readonly points: Float32Array;
}

export interface StepwiseOptions {
  readonly count: number;
  /** Sampler steps (default: the config's `sample.steps`). */
  readonly steps?: number;
  readonly seed: number;
  /** The conditional step, e.g. `{ kind: 'ddim', eta: 0.5 }` (default: the config's `sample.step`). */
  readonly step?: unknown;
  /** The sampling loop, e.g. `{ kind: 'heun' }` (default: the config's `sample.sampler`). */
  readonly sampler?: unknown;
  /** Called with x_T and after every step; awaited, so a page can draw and let the browser paint. */
  readonly onStep?: (progress: StepwiseProgress) => void | Promise<void>;
}

/**
 * Samples with the configured (or chosen) sampler and step, showing the chain: x_T and x_s after every step go to
 * `onStep`. The ancestral sampler (seed 002, §7.3) runs one move t → s at a time and reads x_s back after each, so a
 * page draws the chain while it runs; other samplers (PF-ODE solvers, multistep ones) run in one go through
 * `udm.sample`, keeping every state, which then go to `onStep` in order. Either way x_T and the steps' noise come from
 * one `SeededRng(seed)` in the order `udm.sample({ rng: new SeededRng(seed) })` draws them, so it returns the same x0.
 */
export async function sampleStepwise(udm: Udm, options: StepwiseOptions): Promise<Float32Array> {
  if (!Number.isSafeInteger(options.count) || options.count < 1)
    throw new RangeError(`count: expected a positive integer, got ${options.count}`);
  const r = udm.registries;
  const samplerKind =
    options.sampler === undefined
      ? udm.config.sample.sampler.kind
      : decodeOrThrow(r.samplers.codec(), options.sampler, 'sample.sampler').kind;
  const steps = options.steps ?? udm.config.sample.steps;
  if (samplerKind !== 'ancestral') return sampleKeepingStates(udm, options, steps);
  const step: ConditionalStep =
    options.step === undefined
      ? udm.step
      : r.steps.create(decodeOrThrow(r.steps.codec(), options.step, 'sample.step'), { process: udm.process });
  const pairs = udm.pairs(steps);
  const rng = new SeededRng(options.seed);
  const shape = [options.count, ...udm.data.train.itemShape];
  let x = udm.process.prior(shape, rng);
  try {
    await options.onStep?.({ index: -1, total: pairs.length, time: pairs[0]!.t, points: await read(x) });
    for (const [index, pair] of pairs.entries()) {
      const { x0 } = sample({
        process: udm.process,
        predictor: udm.posterior,
        step,
        pairs: [pair],
        shape,
        rng,
        xT: x,
      });
      x.dispose();
      x = x0;
      await options.onStep?.({ index, total: pairs.length, time: pair.s, points: await read(x) });
    }
    return await read(x);
  } finally {
    x.dispose();
  }
}

/** Any sampler through `udm.sample`, keeping every state, then handing x_T and each state to `onStep`. */
async function sampleKeepingStates(udm: Udm, options: StepwiseOptions, steps: number): Promise<Float32Array> {
  const pairs = udm.pairs(steps);
  const shape = [options.count, ...udm.data.train.itemShape];
  const xT = udm.process.prior(shape, new SeededRng(options.seed)); // the draw udm.sample makes first
  const prior = await read(xT);
  xT.dispose();
  const { x0, intermediates } = udm.sample({
    count: options.count,
    steps,
    ...(options.sampler !== undefined ? { sampler: options.sampler } : {}),
    ...(options.step !== undefined ? { step: options.step } : {}),
    rng: new SeededRng(options.seed),
    keep: new Set(pairs.map((_, i) => i)),
  });
  try {
    await options.onStep?.({ index: -1, total: pairs.length, time: pairs[0]!.t, points: prior });
    for (const { index, s, x } of intermediates)
      await options.onStep?.({ index, total: pairs.length, time: s, points: await read(x) });
    return await read(x0);
  } finally {
    tf.dispose([x0, ...intermediates.map((k) => k.x)]);
  }
}

async function read(x: tf.Tensor): Promise<Float32Array> {
  return (await x.data()) as Float32Array;
}
