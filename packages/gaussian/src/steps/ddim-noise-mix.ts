import type { NoiseMix } from '@udm/core';
import type { VpProcess } from '../process/vp-process.js';

/**
 * DDIM's σ̃ for a move t → s in the seed's interpolated correction:
 *   σ̃ = η·√((1 − ᾱ_t/ᾱ_s)/(1 − ᾱ_t)),
 * so that the fresh-noise standard deviation √(1 − ᾱ_s)·σ̃ equals DDIM's σ_t(η) = η·√β̃ with
 * β̃ = (1 − ᾱ_s)/(1 − ᾱ_t)·(1 − ᾱ_t/ᾱ_s). η = 1 is DDPM's ancestral step with variance `fixed_small`
 * (the posterior q(x_s | x_t, x0)); η = 0 is deterministic DDIM.
 */
export function ddimNoiseMix(process: VpProcess, eta: number): NoiseMix {
  if (!(eta >= 0 && eta <= 1)) throw new RangeError(`eta: expected a number in [0, 1], got ${eta}`);
  return {
    sigmaTilde(t: number, s: number): number {
      if (eta === 0) return 0;
      const at = process.alphaBar(t);
      const as = process.alphaBar(s);
      return eta * Math.sqrt(Math.max(0, (1 - at / as) / (1 - at)));
    },
  };
}
