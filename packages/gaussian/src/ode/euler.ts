import * as tf from '@tensorflow/tfjs';
import { epsilonHat } from './ode-math.js';
import type { OdeSolver, OdeStepInput } from './ode-solver.js';

/**
 * Euler: x_e(s) = x_e(t) + (σ_e(s) − σ_e(t))·ε̂, i.e. x_s = α_s·x̂0 + σ_s·ε̂ — exactly DDIM with η = 0 (seed 004).
 */
export const eulerSolver: OdeSolver = {
  kind: 'euler',
  description: 'Euler on the PF-ODE in σ = σ_t/α_t (= DDIM η = 0)',
  evaluationsPerStep: 1,
  step: ({ process, x, t, s, x0 }: OdeStepInput) =>
    tf.tidy(() =>
      tf.add(tf.mul(x0, process.alpha(s)), tf.mul(epsilonHat(process, x, x0, t), process.sigma(s))),
    ),
};
