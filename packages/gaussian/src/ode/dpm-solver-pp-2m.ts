import * as tf from '@tensorflow/tfjs';
import { halfLogSnr } from './ode-math.js';
import type { OdeSolver, OdeStepInput } from './ode-solver.js';

/**
 * DPM-Solver++(2M) (Lu et al. 2022; k-diffusion `sample_dpmpp_2m`): with λ = log(α/σ) and h = λ_s − λ_t,
 * x_s = (σ_s/σ_t)·x_t − α_s·(e^{−h} − 1)·D, where D = x̂0 for the first step and
 * D = (1 + 1/(2r))·x̂0 − 1/(2r)·x̂0_prev, r = (λ_t − λ_prev)/h, afterwards; x̂0 itself at the origin.
 */
export const dpmSolverPp2m: OdeSolver = {
  kind: 'dpmpp-2m',
  description: 'DPM-Solver++(2M), multistep 2nd order in the log-SNR',
  evaluationsPerStep: 1,
  step({ process, x, t, s, x0, previous }: OdeStepInput): tf.Tensor {
    if (process.sigma(s) === 0) return tf.clone(x0);
    const [lt, ls] = [halfLogSnr(process, t), halfLogSnr(process, s)];
    const h = ls - lt;
    return tf.tidy(() => {
      let d = x0;
      if (previous) {
        const r = (lt - halfLogSnr(process, previous.t)) / h;
        const c = 1 / (2 * r);
        if (Number.isFinite(c) && c !== 0) d = tf.sub(tf.mul(x0, 1 + c), tf.mul(previous.x0, c));
      }
      return tf.sub(
        tf.mul(x, process.sigma(s) / process.sigma(t)),
        tf.mul(d, process.alpha(s) * Math.expm1(-h)),
      );
    });
  },
};
