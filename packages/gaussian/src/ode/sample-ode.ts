import * as tf from '@tensorflow/tfjs';
import {
  randomNormal,
  type Conditioning,
  type PointLoopInputs,
  type PointPrediction,
  type Predictor,
  type Rng,
} from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { Denoiser, NoiseSource, OdeSolver } from './ode-solver.js';

export interface SampleOdeOptions extends PointLoopInputs<GaussianProcess> {
  readonly solver: OdeSolver;
  /** For x_T ~ prior and, unless `noise` is given, the N(0, I) draws of stochastic solvers. */
  readonly rng: Rng;
  /** The N(0, I) draws of stochastic solvers (default: drawn from `rng`). */
  readonly noise?: NoiseSource;
}

/** The denoiser D(x_t, t) = x̂0 of a predictor. */
export function denoiserOf(predictor: Predictor<tf.Tensor, PointPrediction>, cond?: Conditioning): Denoiser {
  return (xt, t) => predictor.predict(xt, t, cond).x0;
}

/**
 * Integrates the probability-flow ODE (seed 004) from x_T down to the origin with an ODE solver (Euler, Heun,
 * DPM-Solver++(2M)). Each step runs in its own tf.tidy; a multistep solver's previous x̂0 is kept across steps and
 * disposed at the end. Returns x0 (the caller owns it) and the number of denoiser evaluations.
 */
export function sampleOde(options: SampleOdeOptions): { x0: tf.Tensor; evaluations: number } {
  const { process, predictor, solver, pairs, cond } = options;
  if (pairs.length === 0) throw new RangeError('pairs: expected at least one step');
  let evaluations = 0;
  const denoise: Denoiser = (xt, t) => {
    evaluations++;
    return predictor.predict(xt, t, cond).x0;
  };
  const noise: NoiseSource = options.noise ?? ((shape) => randomNormal(options.rng, shape));
  let x = options.xT ? tf.clone(options.xT) : process.prior(options.shape, options.rng);
  let previous: { t: number; x0: tf.Tensor } | undefined;
  const total = pairs.length;
  pairs.forEach(({ t, s }, index) => {
    const [next, x0] = tf.tidy(() => {
      const moved = solver.perturb?.({ process, x, t, s, noise, index, total });
      const [from, tFrom] = moved ? [moved.x, moved.t] : [x, t];
      const x0 = denoise(from, tFrom);
      const y = solver.step({
        process,
        x: from,
        t: tFrom,
        s,
        x0,
        denoise,
        noise,
        index,
        total,
        ...(previous ? { previous } : {}),
      });
      options.onStep?.({ index, total, t, s, x: y, x0 });
      return [y, tf.clone(x0)];
    });
    x.dispose();
    previous?.x0.dispose();
    x = next;
    previous = { t, x0 };
  });
  previous?.x0.dispose();
  return { x0: x, evaluations };
}
