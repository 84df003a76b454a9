import * as tf from '@tensorflow/tfjs';
import { epsilonHat } from '../ode/ode-math.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { NoiseSource, OdeSolver, OdeStepInput } from '../ode/ode-solver.js';
import { checkEta, expNeg, logSnrStep, oneMinusExpNeg } from './sde-math.js';

/**
 * One step t → s of the reverse-time SDE family of seed 004 §5.4.1,
 * dx̄ = [v*(x̄, t) − ½γ²(t)·s*(x̄, t)]dt̄ + γ(t)dw̄, with γ(t)² = η²·g(t)² (g² = dσ²/dt − 2σ²·(dα/dt)/α, the
 * diffusion of the forward SDE, seed 002 eq. \tag{46}): η = 0 is the PF-ODE, η = 1 the reverse SDE of eq. \tag{47}.
 * Written in k-diffusion's coordinates x_e = x/α, σ_e = σ/α the family reads dx_e = (1 + η²)·ε̂·dσ_e + η·√(2σ_e)·dw̄;
 * with x̂0 held fixed over the step its linear part and its noise integrate exactly (the first-order exponential
 * integrator, DPM-Solver++(1) SDE): with h = λ_s − λ_t,
 *   x_s = α_s·x̂0 + σ_s·(e^{−η²h}·ε̂ + √(1 − e^{−2η²h})·z),   z ~ N(0, I).
 * η = 0 is DDIM (η_DDIM = 0) and η = 1 the DDPM posterior (DDIM η_DDIM = 1). Defined out of α_t = 0 (h = ∞).
 */
export function gammaExponentialStep(
  process: GaussianProcess,
  x: tf.Tensor,
  x0: tf.Tensor,
  t: number,
  s: number,
  eta: number,
  noise: NoiseSource,
): tf.Tensor {
  const [alphaS, sigmaS] = [process.alpha(s), process.sigma(s)];
  if (sigmaS === 0) return tf.clone(x0);
  const nu = eta * eta;
  const h = logSnrStep(process, t, s);
  const keep = expNeg(nu, h);
  const fresh = Math.sqrt(oneMinusExpNeg(2 * nu, h));
  return tf.tidy(() => {
    let y = tf.add(tf.mul(x0, alphaS), tf.mul(epsilonHat(process, x, x0, t), sigmaS * keep));
    if (fresh > 0) y = tf.add(y, tf.mul(noise(x.shape), sigmaS * fresh));
    return y;
  });
}

/**
 * The family γ = η·g by its exponential integrator ({@link gammaExponentialStep}) as a solver: η = 0 the PF-ODE
 * (= Euler/DDIM), η = 1 the reverse SDE of seed 002 eq. \tag{47}, anything between or above interpolates.
 */
export function createGammaSde(options: { readonly eta: number }): OdeSolver {
  const { eta } = options;
  checkEta(eta);
  return {
    kind: 'sde',
    description: `reverse SDE family γ = η·g (η = ${eta}), exponential integrator (DPM-Solver++(1) SDE)`,
    evaluationsPerStep: 1,
    step({ process, x, t, s, x0, noise }: OdeStepInput): tf.Tensor {
      if (!noise) throw new RangeError('sde: needs a noise source');
      return gammaExponentialStep(process, x, x0, t, s, eta, noise);
    },
  };
}
