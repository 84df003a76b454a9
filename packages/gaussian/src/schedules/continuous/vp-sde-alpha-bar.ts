import type { ContinuousAlphaBar } from './continuous-alpha-bar.js';

/**
 * The VP SDE of Song et al. (2021) with linear β(t) = β_min + t·(β_max − β_min):
 * ᾱ(t) = exp(−β_min·t − ½(β_max − β_min)·t²), the continuous limit of DDPM's linear schedule (β_min = 0.1 and
 * β_max = 20 correspond to 1e-4 → 0.02 with T = 1000).
 */
export class VpSdeAlphaBar implements ContinuousAlphaBar {
  constructor(
    readonly betaMin = 0.1,
    readonly betaMax = 20,
  ) {
    if (!(betaMin > 0 && betaMax >= betaMin)) {
      throw new RangeError(`schedule: expected 0 < betaMin ≤ betaMax, got ${betaMin} and ${betaMax}`);
    }
  }

  alphaBar(t: number): number {
    return Math.exp(-this.betaMin * t - 0.5 * (this.betaMax - this.betaMin) * t * t);
  }

  dAlphaBar(t: number): number {
    return -(this.betaMin + (this.betaMax - this.betaMin) * t) * this.alphaBar(t);
  }
}
