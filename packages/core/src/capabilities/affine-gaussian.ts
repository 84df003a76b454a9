import type { InvertibleForward } from '../contracts/forward-process.js';
import type { Time } from '../time/time.js';
import { capability } from './capability.js';

/** α_t and σ_t, shared or one per sample, in float64. */
export interface Coefficients {
  readonly alpha: Time;
  readonly sigma: Time;
}

/** dα_t/dt and dσ_t/dt, for processes on continuous time (the flow-matching velocity needs them). */
export interface CoefficientRates {
  readonly dAlpha: number;
  readonly dSigma: number;
}

/**
 * A forward process x_t = α_t·x0 + σ_t·ε, ε ~ N(0, I) (seed 002, eq. 1; seeds 000/004): VP, VE and rectified flow
 * are all of this form and differ only in (α_t, σ_t). Parameterizations, Gaussian steps, ODE solvers and guidance
 * are written against this capability, so they work for every process that declares it.
 */
export interface AffineGaussianForward extends InvertibleForward {
  readonly gaussian: true;
  /** α_t (float64); 1 at the origin. */
  alpha(t: number): number;
  /** σ_t (float64); 0 at the origin. */
  sigma(t: number): number;
  /** (α_t, σ_t) for a shared or per-sample time. */
  coefficients(t: Time): Coefficients;
  /** (dα_t/dt, dσ_t/dt), or undefined where the process has no derivative (discrete time). */
  rates(t: number): CoefficientRates | undefined;
  /** The standard deviation of the prior x_T ~ N(0, s²I). */
  readonly priorStd: number;
}

/** Whether `p` declares affine Gaussian coefficients (α_t, σ_t). */
export function hasAffineGaussian(p: unknown): p is AffineGaussianForward {
  const g = p as Partial<AffineGaussianForward> | null;
  return (
    g?.gaussian === true &&
    typeof g.alpha === 'function' &&
    typeof g.sigma === 'function' &&
    typeof g.coefficients === 'function'
  );
}

/** An affine Gaussian process on continuous time, with the rates dα/dt, dσ/dt. */
export interface RatedGaussianForward extends AffineGaussianForward {
  rates(t: number): CoefficientRates;
}

/** Whether `p` is an affine Gaussian process on continuous time that gives dα/dt, dσ/dt. */
export function hasCoefficientRates(p: unknown): p is RatedGaussianForward {
  return (
    hasAffineGaussian(p) &&
    p.time.kind === 'continuous' &&
    typeof p.rates === 'function' &&
    p.rates(p.time.tMax) !== undefined
  );
}

/** The capability of x_t = α_t·x0 + σ_t·ε (seed 002, eq. 1). */
export const AFFINE_GAUSSIAN = capability<AffineGaussianForward>({
  name: 'affine-gaussian',
  subject: 'process',
  description: 'affine Gaussian coefficients α_t, σ_t (x_t = α_t·x0 + σ_t·ε)',
  providedBy: 'a Gaussian process, e.g. one extending AffineGaussianProcess of @udm/gaussian',
  has: hasAffineGaussian,
});

/** The capability of continuous-time affine Gaussian processes with rates dα/dt, dσ/dt. */
export const COEFFICIENT_RATES = capability<RatedGaussianForward>({
  name: 'coefficient-rates',
  subject: 'process',
  description: 'continuous-time coefficient rates dα/dt, dσ/dt',
  providedBy: 'a continuous-time Gaussian process that implements rates(t)',
  has: hasCoefficientRates,
});
