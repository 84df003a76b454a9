import type { TimeDomain, TimeGrid } from '@udm/core';
import { hasNoiseLevels } from './noise-levels.js';

/**
 * Karras et al. (2022, EDM) noise levels: σ_i = (σ_max^{1/ρ} + i/(n−1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ for
 * i = 0..n−1, descending (k-diffusion's `get_sigmas_karras` without the final 0).
 */
export function karrasSigmas(n: number, sigmaMin: number, sigmaMax: number, rho = 7): number[] {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`steps: expected a positive integer, got ${n}`);
  if (!(sigmaMin > 0 && sigmaMax > sigmaMin && Number.isFinite(sigmaMax))) {
    throw new RangeError(`karras: expected 0 < sigmaMin < sigmaMax < ∞, got ${sigmaMin} and ${sigmaMax}`);
  }
  const [a, b] = [sigmaMax ** (1 / rho), sigmaMin ** (1 / rho)];
  return Array.from({ length: n }, (_, i) => (n === 1 ? sigmaMax : (a + (i / (n - 1)) * (b - a)) ** rho));
}

/** EDM's default σ range. */
export const KARRAS_SIGMA_MAX = 80;
export const KARRAS_SIGMA_MIN = 0.002;

/**
 * The Karras grid in a Gaussian process's own time: the Karras σ's (noise-to-signal ratios σ_t/α_t) mapped to
 * times through the domain's noise levels. σ_min defaults to σ/α at tMin (at least 0.002), σ_max to σ/α at tMax
 * capped at 80
 * (EDM's σ_max: beyond it, steps are wasted where x_t is pure noise; rectified flow and cosine VP reach ∞ or
 * ~1e15 at t = 1). On a discrete domain times are rounded to the nearest step and repeats dropped (so fewer than
 * `steps` times may come back).
 */
export class KarrasGrid implements TimeGrid {
  constructor(
    private readonly options: {
      readonly sigmaMin?: number;
      readonly sigmaMax?: number;
      readonly rho?: number;
    } = {},
  ) {}

  times(domain: TimeDomain, steps: number): number[] {
    if (!hasNoiseLevels(domain)) {
      throw new RangeError('grid "karras": needs the time domain of a Gaussian process (σ_t/α_t)');
    }
    const sigmaMin = this.options.sigmaMin ?? Math.max(domain.noiseToSignal(domain.tMin), KARRAS_SIGMA_MIN);
    const sigmaMax = this.options.sigmaMax ?? Math.min(domain.noiseToSignal(domain.tMax), KARRAS_SIGMA_MAX);
    const times = karrasSigmas(steps, sigmaMin, sigmaMax, this.options.rho ?? 7).map((s) =>
      domain.timeOfNoiseToSignal(s),
    );
    return times.filter((t, i) => i === 0 || t < times[i - 1]!);
  }
}
