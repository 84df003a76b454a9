import type { Rng, TimeDomain } from '@udm/core';
import type { TimeDistribution } from './time-distribution.js';

/**
 * The logit-normal of rectified-flow training (Esser et al. 2024): u ∼ N(m, s²), t = tMin + (tMax − tMin)·sigmoid(u);
 * on a discrete domain the integer time ⌊sigmoid(u)·T⌋.
 */
export class LogitNormalTime implements TimeDistribution {
  readonly kind = 'logit-normal';

  constructor(
    private readonly domain: TimeDomain,
    readonly mean: number,
    readonly std: number,
  ) {}

  sample(batch: number, rng: Rng): Float64Array {
    const d = this.domain;
    return rng.normals(batch).map((n) => {
      const u = 1 / (1 + Math.exp(-(this.mean + this.std * n)));
      if (d.kind === 'discrete') return Math.min(d.tMax, Math.floor(u * (d.tMax + 1)));
      return d.tMin + (d.tMax - d.tMin) * u;
    });
  }
}
