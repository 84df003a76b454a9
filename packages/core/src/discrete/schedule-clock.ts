import type { TimeDomain } from '../time/time-domain.js';
import type { KeepSchedule } from './keep-schedule.js';

/**
 * How a discrete (token) process reads its time: the domain t lives in (continuous [0, 1] or T steps), the
 * progress τ(t) ∈ [0, 1] its keep schedule α is evaluated at (τ(origin) = 0, τ(tMax) = 1), and the weight w(t) of
 * the absorbing-state NELBO
 *   NELBO = E_t[ w(t) · Σ_{l masked in x_t} −log q(x0^l | x_t) ].
 * One object per kind of time (continuous, discrete); a plugin adds its own to `DISCRETE_CHOICES.ScheduleClock`.
 */
export interface ScheduleClock {
  readonly kind: string;
  readonly domain: TimeDomain;
  /** τ(t) for any real t in [origin, tMax]. */
  progress(t: number): number;
  /** w(t) ≥ 0 for a noisy time t (not the origin). */
  nelboWeight(schedule: KeepSchedule, t: number): number;
  /** The time at quantile f ∈ [0, 1) of the training distribution p(t) (for stratified evaluation). */
  timeAt(f: number): number;
  /** The inverse of `timeAt` where p(t) is continuous: the quantile f of a training time t (absent for discrete time). */
  quantile?(t: number): number;
}
