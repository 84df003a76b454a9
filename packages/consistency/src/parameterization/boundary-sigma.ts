import type { GaussianProcess } from '@udm/gaussian';

/**
 * σ_min of the consistency function on a Gaussian process: the noise-to-signal ratio σ_t/α_t at the smallest time
 * of its domain (t_min), where f(x, σ_min) = x holds. The consistency parameterization, the training grids and the
 * samplers all read it here, so they agree on one boundary.
 */
export function boundarySigma(process: GaussianProcess): number {
  const t = process.time.tMin;
  const s = process.sigma(t) / process.alpha(t);
  if (!(Number.isFinite(s) && s >= 0))
    throw new RangeError(`boundarySigma: the process has no finite σ_t/α_t at t_min = ${t} (got ${s})`);
  return s;
}
