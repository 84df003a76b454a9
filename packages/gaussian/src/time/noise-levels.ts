import { ContinuousTime, DiscreteTime, type TimeDomain } from '@udm/core';

/**
 * A time domain that knows the noise level of each time: the noise-to-signal ratio σ_t/α_t (k-diffusion's and
 * EDM's σ), increasing in t, and its inverse. Gaussian processes give their `time` this, so that σ-based grids
 * (Karras) can be laid out in the process's own time.
 */
export interface NoiseLevels {
  noiseToSignal(t: number): number;
  /** The time whose noise-to-signal ratio is `sigma` (the nearest time, for discrete domains). */
  timeOfNoiseToSignal(sigma: number): number;
}

export function hasNoiseLevels(domain: TimeDomain): domain is TimeDomain & NoiseLevels {
  return typeof (domain as Partial<NoiseLevels>).timeOfNoiseToSignal === 'function';
}

/** Continuous time [tMin, tMax] with σ_t/α_t; the inverse by bisection (σ/α is increasing). */
export class ContinuousNoiseLevelTime extends ContinuousTime implements NoiseLevels {
  constructor(
    tMin: number,
    tMax: number,
    private readonly level: (t: number) => number,
  ) {
    super(tMin, tMax);
  }

  noiseToSignal(t: number): number {
    return this.level(t);
  }

  timeOfNoiseToSignal(sigma: number): number {
    let [lo, hi] = [this.tMin, this.tMax];
    if (sigma <= this.level(lo)) return lo;
    if (sigma >= this.level(hi)) return hi;
    for (let i = 0; i < 100 && hi - lo > 1e-15; i++) {
      const mid = 0.5 * (lo + hi);
      if (this.level(mid) < sigma) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }
}

/** Discrete time 0..T−1 with σ_t/α_t; the inverse is the nearest time in log σ (as diffusers rounds). */
export class DiscreteNoiseLevelTime extends DiscreteTime implements NoiseLevels {
  constructor(
    T: number,
    private readonly level: (t: number) => number,
  ) {
    super(T);
  }

  noiseToSignal(t: number): number {
    return this.level(t);
  }

  timeOfNoiseToSignal(sigma: number): number {
    const target = Math.log(sigma);
    let best = 0;
    let bestErr = Infinity;
    for (let t = 0; t <= this.tMax; t++) {
      const err = Math.abs(Math.log(this.level(t)) - target);
      if (err < bestErr) [best, bestErr] = [t, err];
    }
    return best;
  }
}
