import * as tf from '@tensorflow/tfjs';
import { epsilonHat } from '../ode/ode-math.js';
import type { OdeSolver, OdeStepInput } from '../ode/ode-solver.js';
import { checkEta, expNeg, logSnrStep } from './sde-math.js';

/**
 * Euler-ancestral (k-diffusion `sample_euler_ancestral`): split σ_e(s) into an ancestral part
 * σ_up = min(σ_e(s), η·σ_e(s)·√(1 − σ_e(s)²/σ_e(t)²)) and σ_down = √(σ_e(s)² − σ_up²), take the Euler (DDIM) step
 * to σ_down and add σ_up of fresh noise. In x_t (q = σ_e(s)/σ_e(t) = e^{−h}, u = σ_up/σ_e(s)):
 *   x_s = α_s·x̂0 + σ_s·(√(1 − u²)·ε̂ + u·z).
 * η = 1 matches the reverse SDE's one-step variance (DDPM's β̃), η = 0 is Euler. Into the origin: x̂0.
 */
export function createEulerAncestral(options: { readonly eta: number }): OdeSolver {
  const { eta } = options;
  checkEta(eta);
  return {
    kind: 'euler-ancestral',
    description: `Euler-ancestral (k-diffusion; η = ${eta}): Euler to σ_down, then σ_up of fresh noise`,
    evaluationsPerStep: 1,
    step({ process, x, t, s, x0, noise }: OdeStepInput): tf.Tensor {
      if (!noise) throw new RangeError('euler-ancestral: needs a noise source');
      const [alphaS, sigmaS] = [process.alpha(s), process.sigma(s)];
      if (sigmaS === 0) return tf.clone(x0);
      const q = expNeg(1, logSnrStep(process, t, s));
      const up = Math.min(1, eta * Math.sqrt(Math.max(0, 1 - q * q)));
      const down = Math.sqrt(1 - up * up);
      return tf.tidy(() => {
        let y = tf.add(tf.mul(x0, alphaS), tf.mul(epsilonHat(process, x, x0, t), sigmaS * down));
        if (up > 0) y = tf.add(y, tf.mul(noise(x.shape), sigmaS * up));
        return y;
      });
    },
  };
}
