import * as tf from '@tensorflow/tfjs';
import type { Sampler } from '../contracts/sampler.js';
import type { PointPrediction } from '../contracts/prediction.js';
import type { SampleOptions } from './sample.js';

/** What a plugin's own sampling loop reports after each move t → s (tensors valid only during the call). */
export interface PointLoopProgress {
  readonly index: number;
  readonly total: number;
  readonly t: number;
  readonly s: number;
  /** x_s, the state after the move. */
  readonly x: tf.Tensor;
  /** x̂0 the loop evaluated at t. */
  readonly x0: tf.Tensor;
}

/**
 * A plugin's own sampling loop (a PF-ODE solver, consistency sampling, …) that predicts x̂0 at each move.
 * It receives the sampler's options and a progress callback to call after each move, and returns x0 (owned by the caller).
 */
export type PointLoop = (
  options: SampleOptions<tf.Tensor, unknown>,
  onMove: (progress: PointLoopProgress) => void,
) => tf.Tensor;

/**
 * A `Sampler` (sample.sampler) around a `PointLoop`: forwards each move to `options.onStep` as
 * `{prediction: {x0}}` and keeps a copy of x_s for each index in `options.keep` (seed 002, §7.3: the loop owns
 * how x_s follows from x_t and x̂0; this adapter owns the reporting every sampler shares). `sample.step` is not used.
 */
export function pointLoopSampler(loop: PointLoop): Sampler {
  return {
    usesStep: false,
    sample(options) {
      const intermediates: Array<{ index: number; s: number; x: tf.Tensor }> = [];
      const x0 = loop(options, (p) => {
        const prediction: PointPrediction = { x0: p.x0 };
        options.onStep?.({ index: p.index, total: p.total, t: p.t, s: p.s, x: p.x, prediction });
        if (options.keep?.has(p.index))
          intermediates.push({ index: p.index, s: p.s, x: tf.keep(tf.clone(p.x)) });
      });
      return { x0, intermediates };
    },
  };
}
