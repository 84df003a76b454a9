import * as tf from '@tensorflow/tfjs';
import { epsilonHat } from '../ode/ode-math.js';
import type { OdeSolver, OdeStepInput } from '../ode/ode-solver.js';
import { noiseToSignal } from '../process/gaussian-process.js';
import { gammaExponentialStep } from './gamma-exponential.js';
import { checkEta } from './sde-math.js';

/** Options of {@link createEulerMaruyama}. */
export interface GammaOptions {
  /** γ(t) = η·g(t): 0 is the PF-ODE, 1 the reverse SDE (seed 002 eq. \tag{47}). */
  readonly eta: number;
}

/**
 * Euler–Maruyama on the reverse-time SDE family of seed 004 §5.4.1 with γ(t) = η·g(t) (η = 1: seed 002 eq.
 * \tag{47}), taken with the noise-to-signal ratio σ_e = σ/α as the clock (a change of time leaves the family's
 * marginals unchanged): in x_e = x/α, dx_e = (1 + η²)·ε̂·dσ_e + η·√(2σ_e)·dw̄, so
 *   x_e(s) = x_e(t) + (1 + η²)·(σ_e(s) − σ_e(t))·ε̂ + η·√(2σ_e(t)·(σ_e(t) − σ_e(s)))·z,   x_s = α_s·x_e(s).
 * First order: it needs small steps in σ_e (σ_e(t) − σ_e(s) ≪ σ_e(t)/(1 + η²)). Two steps are not Euler–Maruyama:
 * out of α_t = 0 (σ_e = ∞, where the drift is infinite) the step is the closed-form one of the same family
 * ({@link gammaExponentialStep}), and into the origin it returns x̂0 (Tweedie's denoising, score SDE's last step).
 */
export function createEulerMaruyama(options: GammaOptions): OdeSolver {
  const { eta } = options;
  checkEta(eta);
  return {
    kind: 'euler-maruyama',
    description: `Euler–Maruyama on the reverse SDE family γ = η·g (η = ${eta}; seed 002 eq. 47 at η = 1) in σ_e = σ/α`,
    evaluationsPerStep: 1,
    step({ process, x, t, s, x0, noise }: OdeStepInput): tf.Tensor {
      if (!noise) throw new RangeError('euler-maruyama: needs a noise source');
      if (process.sigma(s) === 0) return tf.clone(x0);
      if (process.alpha(t) === 0) return gammaExponentialStep(process, x, x0, t, s, eta, noise);
      const [et, es] = [noiseToSignal(process, t), noiseToSignal(process, s)];
      const alphaS = process.alpha(s);
      return tf.tidy(() => {
        let y = tf.add(
          tf.mul(x, alphaS / process.alpha(t)),
          tf.mul(epsilonHat(process, x, x0, t), alphaS * (1 + eta * eta) * (es - et)),
        );
        if (eta > 0) y = tf.add(y, tf.mul(noise(x.shape), alphaS * eta * Math.sqrt(2 * et * (et - es))));
        return y;
      });
    },
  };
}
