import type { Rng, TimeDomain } from '@udm/core';
import type { TimeDistribution } from './time-distribution.js';

/** Uniform times over the process's domain: {0, …, T−1} (discrete) or [tMin, tMax] (continuous). The default. */
export class UniformTime implements TimeDistribution {
  readonly kind = 'uniform';

  constructor(private readonly domain: TimeDomain) {}

  sample(batch: number, rng: Rng): Float64Array {
    return this.domain.sample(batch, rng);
  }
}
