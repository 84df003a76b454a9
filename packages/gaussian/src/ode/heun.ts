import * as tf from '@tensorflow/tfjs';
import { eulerSolver } from './euler.js';
import { epsilonHat } from './ode-math.js';
import type { OdeSolver, OdeStepInput } from './ode-solver.js';

/**
 * The largest step ratio r = σ_e(t)/σ_e(s) (σ_e = σ/α) at which `heun` applies its trapezoid correction. Written
 * in x̂0, Heun's correction of the Euler proposal is x_e(s) − x'_e = ((r − 1)/2)·(x̂0_s − x̂0_t): the change of x̂0
 * over the step times (r − 1)/2. For r ≤ 3 that factor is ≤ 1, an interpolation between the two estimates; beyond
 * it the step extrapolates past the newer x̂0 by a factor growing with r (the exact flow, for x̂0 linear in log σ_e,
 * uses 1 − (1 − 1/r)/ln r < 1 for every r). From t = T − 1 of the cosine schedule σ_e ≈ 2·10⁴ and a trailing
 * grid's first step has r ≈ 10³: the correction then multiplies x̂0's change by ~600 and the sample blows up. Such a
 * step is the Euler (DDIM) step instead, exact when x̂0 is constant over it and bounded for any r. On EDM's Karras
 * grids (σ_max = 80, ρ = 7) only the last moves before σ_min exceed r = 3 (18 steps: the last two, r = 3.0 and
 * 3.8; the error on a Gaussian is unchanged, see ode.test.ts).
 */
export const HEUN_MAX_SIGMA_RATIO = 3;

/** Options of {@link createHeunSolver}. */
export interface HeunOptions {
  /** Steps with σ_e(t)/σ_e(s) above this take the Euler step (default `HEUN_MAX_SIGMA_RATIO`; ∞: EDM's Heun). */
  readonly maxSigmaRatio?: number;
}

/**
 * Heun (EDM's 2nd-order sampler, k-diffusion `sample_heun` without churn): an Euler proposal x' at s, then the
 * trapezoid x_e(s) = x_e(t) + Δσ_e·(ε̂_t + ε̂_s(x'))/2. In x_t: x_s = x' + (σ_s − α_s·σ_t/α_t)·(ε̂' − ε̂_t)/2.
 * Plain Euler into the origin (σ_s = 0), out of α_t = 0 (σ_e = ∞, where the trapezoid is undefined) and for steps
 * with σ_e(t)/σ_e(s) > `maxSigmaRatio` (see {@link HEUN_MAX_SIGMA_RATIO}).
 */
export function createHeunSolver(options: HeunOptions = {}): OdeSolver {
  const maxSigmaRatio = options.maxSigmaRatio ?? HEUN_MAX_SIGMA_RATIO;
  if (!(maxSigmaRatio >= 1))
    throw new RangeError(`maxSigmaRatio: expected a number ≥ 1 (or Infinity), got ${maxSigmaRatio}`);
  return {
    kind: 'heun',
    description: `Heun (EDM 2nd order) on the PF-ODE; Euler into the origin and where σ_e(t)/σ_e(s) > ${maxSigmaRatio} (σ_e = σ/α)`,
    evaluationsPerStep: 2,
    step(input: OdeStepInput): tf.Tensor {
      const { process, x, t, s, x0, denoise } = input;
      const proposal = eulerSolver.step(input);
      const [alphaT, sigmaS] = [process.alpha(t), process.sigma(s)];
      if (sigmaS === 0 || alphaT === 0) return proposal;
      // r = σ_e(t)/σ_e(s), written without dividing by α_s (α_s > 0 wherever σ_s > 0 and α_t > 0 on a descending grid).
      const ratio = (process.sigma(t) * process.alpha(s)) / (alphaT * sigmaS);
      if (ratio > maxSigmaRatio) return proposal;
      return tf.tidy(() => {
        const epsT = epsilonHat(process, x, x0, t);
        const epsS = epsilonHat(process, proposal, denoise(proposal, s), s);
        const scale = sigmaS - (process.alpha(s) * process.sigma(t)) / alphaT;
        return tf.add(proposal, tf.mul(tf.sub(epsS, epsT), scale / 2));
      });
    },
  };
}

/** `heun` with the default guard ({@link HEUN_MAX_SIGMA_RATIO}). */
export const heunSolver: OdeSolver = createHeunSolver();
