import * as tf from '@tensorflow/tfjs';
import type { GaussianProcess, OdeSolver, OdeStepInput } from '@udm/gaussian';

/** The velocity v = dx/dt = α'_t·x̂0 + σ'_t·ε̂ of the PF-ODE in the process's own time (seed 004 §5.4.1's v*). */
export function velocity(process: GaussianProcess, x: tf.Tensor, x0: tf.Tensor, t: number): tf.Tensor {
  const rates = process.rates(t);
  if (!rates) throw new RangeError('midpoint: needs a continuous-time process with dα/dt and dσ/dt');
  return tf.tidy(() => {
    const eps = tf.div(tf.sub(x, tf.mul(x0, process.alpha(t))), process.sigma(t));
    return tf.add(tf.mul(x0, rates.dAlpha), tf.mul(eps, rates.dSigma));
  });
}

/**
 * The explicit midpoint method in t (second order, 2 evaluations per step): x_m = x_t + (m − t)·v(x_t, t) with
 * m = (t + s)/2, then x_s = x_t + (s − t)·v(x_m, m). For rectified flow v = ε̂ − x̂0 (the flow-matching velocity).
 */
export const midpointSolver: OdeSolver = {
  kind: 'midpoint',
  description: 'explicit midpoint (2nd order) on the PF-ODE in the process time t (continuous processes)',
  evaluationsPerStep: 2,
  step({ process, x, t, s, x0, denoise }: OdeStepInput): tf.Tensor {
    const m = 0.5 * (t + s);
    return tf.tidy(() => {
      const xm = tf.add(x, tf.mul(velocity(process, x, x0, t), m - t));
      return tf.add(x, tf.mul(velocity(process, xm, denoise(xm, m), m), s - t));
    });
  },
};
