import type { NoiseMix } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';

/**
 * The share of fresh noise in the exact posterior q(x_s | x_t, x0) of a Gaussian process, as σ̃ of the seed's
 * eq. 13: σ̃² = 1 − SNR_t/SNR_s with SNR = α²/σ² (for VP: (1 − ᾱ_t/ᾱ_s)/(1 − ᾱ_t)); 1 when s is the origin.
 */
export function posteriorNoiseShare(process: GaussianProcess, t: number, s: number): number {
  const num = process.alpha(t) * process.sigma(s);
  const den = process.alpha(s) * process.sigma(t);
  if (den === 0) return 1;
  return Math.sqrt(Math.max(0, 1 - (num / den) ** 2));
}

/**
 * DDIM's σ̃ for a move t → s in the seed's interpolated correction: σ̃ = η·√(1 − SNR_t/SNR_s), so that the
 * fresh-noise standard deviation σ_s·σ̃ equals DDIM's σ_t(η) = η·√β̃ with β̃ = (1 − ᾱ_s)/(1 − ᾱ_t)·(1 − ᾱ_t/ᾱ_s)
 * for VP. η = 1 is DDPM's ancestral step with variance `fixed_small` (the posterior q(x_s | x_t, x0)); η = 0 is
 * deterministic DDIM.
 */
export function ddimNoiseMix(process: GaussianProcess, eta: number): NoiseMix {
  if (!(eta >= 0 && eta <= 1)) throw new RangeError(`eta: expected a number in [0, 1], got ${eta}`);
  return {
    sigmaTilde: (t: number, s: number): number => (eta === 0 ? 0 : eta * posteriorNoiseShare(process, t, s)),
  };
}

/** DDPM's σ̃: the posterior share (η = 1), except that no noise is drawn at the smallest time (diffusers' t = 0). */
export function ddpmNoiseMix(process: GaussianProcess): NoiseMix {
  return {
    sigmaTilde: (t: number, s: number): number =>
      t === process.time.tMin ? 0 : posteriorNoiseShare(process, t, s),
  };
}
