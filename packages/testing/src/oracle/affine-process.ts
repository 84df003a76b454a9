import type { Time } from '@udm/core';

/**
 * What an oracle needs of a process: x_t = α_t·x0 + σ_t·ε with ε ~ N(0, I). Gaussian processes (VP, VE,
 * rectified flow) provide it; the oracle does not depend on any plugin.
 */
export interface AffineProcess {
  coefficients(t: Time): { readonly alpha: Time; readonly sigma: Time };
}

/** (α, σ) of sample `i` for a shared or per-sample time, in float64. */
export function coefficientsAt(process: AffineProcess, t: Time, i: number): { alpha: number; sigma: number } {
  const { alpha, sigma } = process.coefficients(t);
  return {
    alpha: typeof alpha === 'number' ? alpha : alpha[i]!,
    sigma: typeof sigma === 'number' ? sigma : sigma[i]!,
  };
}
