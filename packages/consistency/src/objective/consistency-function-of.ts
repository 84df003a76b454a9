import { ConfigError, type Conditioning, type PointPrediction, type PosteriorModel } from '@udm/core';
import type { GaussianProcess } from '@udm/gaussian';
import { sigmaDenoiser, type SigmaDenoiser } from '../consistency-function/sigma-denoiser.js';

/** Whether a posterior reads its x̂0 through the `consistency` parameterization (so f(x, σ_min) = x holds). */
export function isConsistencyPosterior(posterior: unknown): boolean {
  const p = posterior as { parameterization?: { kind?: unknown } } | null;
  return p?.parameterization?.kind === 'consistency';
}

/**
 * f_θ(x_e, σ) of a posterior with the consistency parameterization, in σ: x̂0 of `posterior.predict` at the time
 * of σ (differentiable, so the online network is trained through it). Fails naming `who` unless the posterior's
 * parameterization is `consistency`: with another one the boundary condition does not hold.
 */
export function consistencyFunctionOf(
  process: GaussianProcess,
  posterior: PosteriorModel,
  who: string,
  cond?: Conditioning,
): SigmaDenoiser {
  if (!isConsistencyPosterior(posterior))
    throw new ConfigError([
      `${who}: needs posterior.kind "consistency" (the consistency function f(x, σ) = c_skip(σ)x + c_out(σ)F with f(x, σ_min) = x; bound by consistencyModule)`,
    ]);
  return sigmaDenoiser(process, (xt, t) => (posterior.predict(xt, t, cond) as PointPrediction).x0);
}
