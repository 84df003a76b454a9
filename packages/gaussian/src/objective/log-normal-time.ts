import type { Rng, TimeDomain } from '@udm/core';
import type { NoiseLevels } from '../time/noise-levels.js';
import type { TimeDistribution } from './time-distribution.js';

/**
 * EDM's log-normal over the noise level (Karras et al. 2022): ln σ ∼ N(P_mean, P_std²) with σ = σ_t/α_t, mapped to
 * the process's time by inverting σ_t/α_t (the nearest time for discrete domains; levels outside the process's range
 * are clamped to its ends).
 */
export class LogNormalTime implements TimeDistribution {
  readonly kind = 'log-normal';

  constructor(
    private readonly domain: TimeDomain & NoiseLevels,
    readonly mean: number,
    readonly std: number,
  ) {}

  sample(batch: number, rng: Rng): Float64Array {
    return rng.normals(batch).map((n) => this.domain.timeOfNoiseToSignal(Math.exp(this.mean + this.std * n)));
  }
}
