import type { BetaSchedule } from './beta-schedule.js';

/** The cosine ᾱ(u) = cos²((u + s)/(1 + s)·π/2) of Nichol & Dhariwal (seed 003), u ∈ [0, 1], not normalised. */
export function cosineAlphaBar(u: number, offset = 0.008): number {
  return Math.cos(((u + offset) / (1 + offset)) * (Math.PI / 2)) ** 2;
}

/**
 * diffusers' `squaredcos_cap_v2`: β_i = min(1 − ᾱ((i+1)/T)/ᾱ(i/T), maxBeta) with the cosine ᾱ(u) (offset s = 0.008),
 * so ᾱ_t follows the cosine closely and β is capped (0.999) near the end.
 */
export class CosineSchedule implements BetaSchedule {
  constructor(
    readonly offset = 0.008,
    readonly maxBeta = 0.999,
  ) {
    if (!(offset >= 0 && maxBeta > 0 && maxBeta <= 1)) {
      throw new RangeError(
        `schedule: expected offset ≥ 0 and maxBeta in (0, 1], got ${offset} and ${maxBeta}`,
      );
    }
  }

  betas(T: number): Float64Array {
    const out = new Float64Array(T);
    for (let i = 0; i < T; i++) {
      const b = 1 - cosineAlphaBar((i + 1) / T, this.offset) / cosineAlphaBar(i / T, this.offset);
      out[i] = Math.min(b, this.maxBeta);
    }
    return out;
  }
}
