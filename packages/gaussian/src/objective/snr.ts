import { COEFFICIENT_RATES, describeCapability } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';

/** SNR(t) = α_t²/σ_t² (∞ at the origin). */
export function snr(process: GaussianProcess, t: number): number {
  const a = process.alpha(t);
  const s = process.sigma(t);
  return (a * a) / (s * s);
}

/**
 * g²(t) = d(σ_t²)/dt − 2(α′_t/α_t)σ_t², the squared diffusion coefficient of the forward SDE (seed 004, § 5.3.2);
 * needs a continuous-time process.
 */
export function diffusionSquared(process: GaussianProcess, t: number, what: string): number {
  const r = process.rates(t);
  if (!r)
    throw new RangeError(`${what}: needs ${describeCapability(COEFFICIENT_RATES)}`);
  const a = process.alpha(t);
  const s = process.sigma(t);
  return 2 * s * r.dSigma - 2 * (r.dAlpha / a) * s * s;
}

/** −dSNR/dt = 2α_t(α_t σ′_t − α′_t σ_t)/σ_t³ (continuous time). */
export function snrDecay(process: GaussianProcess, t: number, what: string): number {
  const r = process.rates(t);
  if (!r) throw new RangeError(`${what}: needs ${describeCapability(COEFFICIENT_RATES)}`);
  const a = process.alpha(t);
  const s = process.sigma(t);
  return (2 * a * (a * r.dSigma - r.dAlpha * s)) / s ** 3;
}
