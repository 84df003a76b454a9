import type { BetaSchedule } from './beta-schedule.js';

/** diffusers' `linear`: β_t evenly spaced from βstart to βend (defaults 1e-4 → 0.02, DDPM). */
export class LinearSchedule implements BetaSchedule {
  constructor(
    readonly betaStart = 1e-4,
    readonly betaEnd = 0.02,
  ) {
    if (!(betaStart > 0 && betaEnd < 1 && betaStart <= betaEnd)) {
      throw new RangeError(`schedule: expected 0 < betaStart ≤ betaEnd < 1, got ${betaStart} and ${betaEnd}`);
    }
  }

  betas(T: number): Float64Array {
    const out = new Float64Array(T);
    for (let i = 0; i < T; i++)
      out[i] = T === 1 ? this.betaStart : this.betaStart + ((this.betaEnd - this.betaStart) * i) / (T - 1);
    return out;
  }
}
