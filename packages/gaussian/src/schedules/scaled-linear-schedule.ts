import type { BetaSchedule } from './beta-schedule.js';

/** diffusers' `scaled_linear` (Stable Diffusion): √β evenly spaced from √βstart to √βend, squared. */
export class ScaledLinearSchedule implements BetaSchedule {
  constructor(
    readonly betaStart = 0.00085,
    readonly betaEnd = 0.012,
  ) {
    if (!(betaStart > 0 && betaEnd < 1 && betaStart <= betaEnd)) {
      throw new RangeError(`schedule: expected 0 < betaStart ≤ betaEnd < 1, got ${betaStart} and ${betaEnd}`);
    }
  }

  betas(T: number): Float64Array {
    const a = Math.sqrt(this.betaStart);
    const b = Math.sqrt(this.betaEnd);
    const out = new Float64Array(T);
    for (let i = 0; i < T; i++) out[i] = (T === 1 ? a : a + ((b - a) * i) / (T - 1)) ** 2;
    return out;
  }
}
