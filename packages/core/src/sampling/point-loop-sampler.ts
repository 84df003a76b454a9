import * as tf from '@tensorflow/tfjs';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { Conditioning } from '../contracts/posterior-model.js';
import type { Sampler } from '../contracts/sampler.js';
import type { PointPrediction } from '../contracts/prediction.js';
import type { Rng } from '../random/rng.js';
import type { StepPair } from '../time/time-grid.js';
import type { Predictor } from './predictor.js';
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
 * The inputs every plugin sampling loop over x̂0 shares (a PF-ODE solver, consistency sampling, …); a loop's options
 * extend it with their own (a solver, σ_max, …).
 */
export interface PointLoopInputs<P extends ForwardProcess = ForwardProcess> {
  readonly process: P;
  /** G_t: any posterior (any parameterization), an oracle, or a guidance wrapper; the loop reads its x̂0. */
  readonly predictor: Predictor<tf.Tensor, PointPrediction>;
  /** The moves t → s (see `stepPairs`). */
  readonly pairs: readonly StepPair[];
  readonly shape: readonly number[];
  /** For x_T ~ prior and the loop's other draws. */
  readonly rng: Rng;
  /** The state to start from (default: drawn with `rng`); not disposed. */
  readonly xT?: tf.Tensor;
  readonly cond?: Conditioning;
  /** After each move: x is x_s, x0 the x̂0 evaluated at t (both only valid during the call). */
  readonly onStep?: (progress: PointLoopProgress) => void;
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
