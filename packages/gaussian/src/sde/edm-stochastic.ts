import * as tf from '@tensorflow/tfjs';
import { heunSolver } from '../ode/heun.js';
import type { OdeSolver, PerturbInput } from '../ode/ode-solver.js';
import { noiseToSignal } from '../process/gaussian-process.js';
import { hasNoiseLevels } from '../time/noise-levels.js';
import { checkEta } from './sde-math.js';

/** EDM's stochastic sampler settings (Karras et al. 2022, Algorithm 2), in noise-to-signal units σ_e = σ/α. */
export interface EdmStochasticOptions {
  /** S_churn: total churn; each step raises σ_e by γ_i = min(S_churn/N, √2 − 1). */
  readonly sChurn: number;
  /** Churn only where S_tmin ≤ σ_e(t) ≤ S_tmax. */
  readonly sTmin: number;
  readonly sTmax: number;
  /** S_noise: scale of the added noise (slightly above 1 offsets the denoiser's loss of detail). */
  readonly sNoise: number;
}

/**
 * EDM's stochastic sampler (Karras et al. 2022, Algorithm 2): before each step, "churn" — raise the noise level to
 * σ̂ = σ_e(t)·(1 + γ_i) by adding fresh noise, x̂_e = x_e + √(σ̂² − σ_e(t)²)·S_noise·z (a move along the forward
 * SDE, which the reverse SDE family of seed 004 §5.4.1 undoes), then take the deterministic Heun step σ̂ → σ_e(s).
 * On a discrete process σ̂ is rounded to the nearest step's noise level (so small churn may be no churn); out of
 * σ_e = ∞ (α_t = 0) there is no churn. S_churn = 0 is the deterministic Heun sampler.
 */
export function createEdmStochastic(options: EdmStochasticOptions): OdeSolver {
  const { sChurn, sTmin, sTmax, sNoise } = options;
  checkEta(sChurn, 'sChurn');
  checkEta(sNoise, 'sNoise');
  if (!(sTmin >= 0 && sTmax >= sTmin))
    throw new RangeError(`sTmin, sTmax: expected 0 ≤ sTmin ≤ sTmax, got ${sTmin} and ${sTmax}`);
  return {
    kind: 'edm',
    description: `EDM stochastic sampler (Algorithm 2; S_churn = ${sChurn}, S_noise = ${sNoise}) with Heun steps`,
    evaluationsPerStep: 2,
    perturb({ process, x, t, noise, total }: PerturbInput) {
      const sigma = noiseToSignal(process, t);
      if (!(sigma >= sTmin && sigma <= sTmax) || !Number.isFinite(sigma) || sChurn === 0) return undefined;
      const domain = process.time;
      if (!hasNoiseLevels(domain)) throw new RangeError('edm: the process has no noise levels σ_t/α_t');
      const gamma = Math.min(sChurn / total, Math.SQRT2 - 1);
      const tHat = domain.timeOfNoiseToSignal(sigma * (1 + gamma));
      if (!(tHat > t)) return undefined;
      const sigmaHat = noiseToSignal(process, tHat);
      const [alphaT, alphaHat] = [process.alpha(t), process.alpha(tHat)];
      const spread = Math.sqrt(Math.max(0, sigmaHat * sigmaHat - sigma * sigma)) * sNoise;
      // x̂ = α_t̂·(x_t/α_t + spread·z), in the process's own coordinates.
      const xHat = tf.tidy(() => tf.mul(tf.add(tf.div(x, alphaT), tf.mul(noise(x.shape), spread)), alphaHat));
      return { x: xHat, t: tHat };
    },
    step: (input) => heunSolver.step(input),
  };
}
