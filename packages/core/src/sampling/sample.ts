import * as tf from '@tensorflow/tfjs';
import type { ConditionalStep } from '../contracts/conditional-step.js';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { Conditioning } from '../contracts/posterior-model.js';
import type { Rng } from '../random/rng.js';
import type { StepPair } from '../time/time-grid.js';
import type { Predictor } from './predictor.js';

/** What the progress callback sees after each step. Tensors are only valid during the call. */
export interface SampleProgress<X extends tf.Tensor, P> {
  /** 0-based index of the step just taken. */
  readonly index: number;
  readonly total: number;
  readonly t: number;
  readonly s: number;
  /** x_s, the state after the step. */
  readonly x: X;
  readonly prediction: P;
}

export interface SampleOptions<X extends tf.Tensor, P> {
  readonly process: ForwardProcess<X>;
  readonly predictor: Predictor<X, P>;
  readonly step: ConditionalStep<X, P>;
  /** The moves t → s, from the noisiest time down to the origin (see `stepPairs`). */
  readonly pairs: readonly StepPair[];
  /** Full batch shape of x, e.g. [2000, 2]. */
  readonly shape: readonly number[];
  readonly rng: Rng;
  readonly cond?: Conditioning;
  /** A caller-supplied x_T (not disposed); otherwise x_T ~ process.prior. */
  readonly xT?: X;
  readonly onStep?: (progress: SampleProgress<X, P>) => void;
  /** Step indices whose x_s is returned in `intermediates` (e.g. for an animation). */
  readonly keep?: ReadonlySet<number>;
}

export interface SampleResult<X extends tf.Tensor> {
  /** The final x at the origin: the generated x0. The caller owns it. */
  readonly x0: X;
  /** x_s after each kept step; the caller owns them. */
  readonly intermediates: ReadonlyArray<{ readonly index: number; readonly s: number; readonly x: X }>;
}

/**
 * The generic UDM sampler (seed 002, §7.3): start from x_T, and for each move t → s predict x̂0 = G_t(x_t)
 * and draw x_s ~ p(x_s | x_t, x̂0) with the configured conditional step. Every iteration runs in its own
 * `tf.tidy`, so the number of live tensors does not grow with the number of steps.
 */
export function sample<X extends tf.Tensor, P>(options: SampleOptions<X, P>): SampleResult<X> {
  const { process, predictor, step, pairs, rng, cond, onStep, keep } = options;
  if (pairs.length === 0) throw new RangeError('pairs: expected at least one step');
  let x: X = options.xT ? (tf.clone(options.xT) as X) : process.prior(options.shape, rng);
  const intermediates: Array<{ index: number; s: number; x: X }> = [];
  pairs.forEach(({ t, s }, index) => {
    const next = tf.tidy(() => {
      const prediction = predictor.predict(x, t, cond);
      const xs = step.step(x, prediction, t, s, rng);
      onStep?.({ index, total: pairs.length, t, s, x: xs, prediction });
      return xs;
    });
    if (next !== x) x.dispose();
    x = next;
    if (keep?.has(index)) intermediates.push({ index, s, x: tf.clone(x) as X });
  });
  return { x0: x, intermediates };
}
