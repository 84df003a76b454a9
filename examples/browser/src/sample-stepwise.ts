import type * as tf from '@tensorflow/tfjs';
import { sample, SeededRng, type Udm } from '@udm/core';

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
  /** Called with x_T and after every step; awaited, so a page can draw and let the browser paint. */
  readonly onStep?: (progress: StepwiseProgress) => void | Promise<void>;
}

/**
 * The configured ancestral sampler (seed 002, §7.3) run one move t → s at a time, reading x_s back after each move
 * so that a caller can show the chain while it runs. It draws x_T and the steps' noise from one `SeededRng(seed)` in
 * the same order as `udm.sample({ rng: new SeededRng(seed) })`, so it returns the same x0.
 */
export async function sampleStepwise(udm: Udm, options: StepwiseOptions): Promise<Float32Array> {
  const sampler = udm.config.sample.sampler.kind;
  if (sampler !== 'ancestral')
    throw new Error(
      `sample.sampler: the step-by-step view needs 'ancestral', the checkpoint's config has '${sampler}'`,
    );
  if (!Number.isSafeInteger(options.count) || options.count < 1)
    throw new RangeError(`count: expected a positive integer, got ${options.count}`);
  const pairs = udm.pairs(options.steps ?? udm.config.sample.steps);
  const rng = new SeededRng(options.seed);
  const shape = [options.count, ...udm.data.train.itemShape];
  let x = udm.process.prior(shape, rng);
  try {
    await options.onStep?.({ index: -1, total: pairs.length, time: pairs[0]!.t, points: await read(x) });
    for (const [index, pair] of pairs.entries()) {
      const { x0 } = sample({
        process: udm.process,
        predictor: udm.posterior,
        step: udm.step,
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

async function read(x: tf.Tensor): Promise<Float32Array> {
  return (await x.data()) as Float32Array;
}
