import * as tf from '@tensorflow/tfjs';
import { eulerSolver } from './euler.js';
import { epsilonHat } from './ode-math.js';
import type { OdeSolver, OdeStepInput } from './ode-solver.js';

/**
 * Heun (EDM's 2nd-order sampler, k-diffusion `sample_heun` without churn): an Euler proposal x' at s, then the
 * trapezoid x_e(s) = x_e(t) + Δσ_e·(ε̂_t + ε̂_s(x'))/2. In x_t: x_s = x' + (σ_s − α_s·σ_t/α_t)·(ε̂' − ε̂_t)/2.
 * Plain Euler into the origin (σ_s = 0) and out of α_t = 0 (σ_e = ∞, where the trapezoid is undefined).
 */
export const heunSolver: OdeSolver = {
  kind: 'heun',
  description: 'Heun (EDM 2nd order) on the PF-ODE; Euler into the origin',
  evaluationsPerStep: 2,
  step(input: OdeStepInput): tf.Tensor {
    const { process, x, t, s, x0, denoise } = input;
    const proposal = eulerSolver.step(input);
    if (process.sigma(s) === 0 || process.alpha(t) === 0) return proposal;
    return tf.tidy(() => {
      const epsT = epsilonHat(process, x, x0, t);
      const epsS = epsilonHat(process, proposal, denoise(proposal, s), s);
      const scale = process.sigma(s) - (process.alpha(s) * process.sigma(t)) / process.alpha(t);
      return tf.add(proposal, tf.mul(tf.sub(epsS, epsT), scale / 2));
    });
  },
};
