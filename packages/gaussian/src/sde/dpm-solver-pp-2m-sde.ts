import * as tf from '@tensorflow/tfjs';
import { halfLogSnr } from '../ode/ode-math.js';
import type { OdeSolver, OdeStepInput } from '../ode/ode-solver.js';
import { checkEta, expNeg, logSnrStep, oneMinusExpNeg } from './sde-math.js';

/**
 * DPM-Solver++(2M) SDE (Lu et al. 2022; k-diffusion `sample_dpmpp_2m_sde`, midpoint variant) on the reverse SDE
 * family γ = η·g of seed 004 §5.4.1 (η = 1: seed 002 eq. \tag{47}; k-diffusion's `eta` is η²). With ν = η²,
 * h = λ_s − λ_t:
 *   x_s = (σ_s/σ_t)·e^{−νh}·x_t + α_s·(1 − e^{−(1+ν)h})·x̂0 + σ_s·√(1 − e^{−2νh})·z
 *         + α_s·½(1 − e^{−(1+ν)h})·(h/h_prev)·(x̂0 − x̂0_prev)      (the second-order term, after the first step).
 * The first step is the exact exponential integrator of the family ({@link gammaExponentialStep}); ν = 0 is the
 * ODE's DPM-Solver++(2M). Into the origin: x̂0.
 */
export function createDpmSolverPp2mSde(options: { readonly eta: number }): OdeSolver {
  const { eta } = options;
  checkEta(eta);
  const nu = eta * eta;
  return {
    kind: 'dpmpp-2m-sde',
    description: `DPM-Solver++(2M) SDE, midpoint (η = ${eta}; γ = η·g)`,
    evaluationsPerStep: 1,
    step({ process, x, t, s, x0, previous, noise }: OdeStepInput): tf.Tensor {
      if (!noise) throw new RangeError('dpmpp-2m-sde: needs a noise source');
      const [alphaS, sigmaS] = [process.alpha(s), process.sigma(s)];
      if (sigmaS === 0) return tf.clone(x0);
      const h = logSnrStep(process, t, s);
      const sigmaT = process.sigma(t);
      const keep = (sigmaS / sigmaT) * expNeg(nu, h);
      const toX0 = oneMinusExpNeg(1 + nu, h);
      const fresh = Math.sqrt(oneMinusExpNeg(2 * nu, h));
      return tf.tidy(() => {
        let y = tf.add(tf.mul(x, keep), tf.mul(x0, alphaS * toX0));
        if (previous) {
          const hPrev = halfLogSnr(process, t) - halfLogSnr(process, previous.t);
          const c = (0.5 * toX0 * h) / hPrev;
          if (Number.isFinite(c) && c !== 0) y = tf.add(y, tf.mul(tf.sub(x0, previous.x0), alphaS * c));
        }
        if (fresh > 0) y = tf.add(y, tf.mul(noise(x.shape), sigmaS * fresh));
        return y;
      });
    },
  };
}
