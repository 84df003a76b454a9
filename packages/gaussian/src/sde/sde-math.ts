import { halfLogSnr } from '../ode/ode-math.js';
import type { GaussianProcess } from '../process/gaussian-process.js';

/**
 * h = λ_s − λ_t ≥ 0, the step in half log-SNR λ = log(α/σ) (∞ out of α_t = 0 or into σ_s = 0). e^{−h} is the
 * ratio σ_e(s)/σ_e(t) of the noise-to-signal ratios σ_e = σ/α.
 */
export function logSnrStep(process: GaussianProcess, t: number, s: number): number {
  return halfLogSnr(process, s) - halfLogSnr(process, t);
}

/** e^{−c·h} with the convention 0·∞ = 0 (c = 0 gives 1 even where h = ∞). */
export function expNeg(c: number, h: number): number {
  return c === 0 ? 1 : Math.exp(-c * h);
}

/** 1 − e^{−c·h} (c·h ≥ 0), accurate for small c·h; 0 for c = 0. */
export function oneMinusExpNeg(c: number, h: number): number {
  return c === 0 ? 0 : -Math.expm1(-c * h);
}

/** η of a stochastic sampler: a finite number ≥ 0, or a RangeError naming it. */
export function checkEta(eta: number, name = 'eta'): void {
  if (!(eta >= 0 && Number.isFinite(eta)))
    throw new RangeError(`${name}: expected a finite number ≥ 0, got ${eta}`);
}
