import type { TimeDomain } from '../time/time-domain.js';
import type { KeepSchedule } from './keep-schedule.js';
import type { ScheduleClock } from './schedule-clock.js';

/**
 * The time of a discrete (token) process that keeps each token of x0 with probability α_t = α(τ(t)): its keep
 * schedule, its clock and the domain t lives in, with τ and α fixed at the origin (τ = 0, α = 1). The absorbing
 * [MASK] process and the uniform-state process extend it and add F_t, ε and the prior.
 */
export abstract class KeepScheduledProcess {
  readonly time: TimeDomain;

  constructor(
    readonly schedule: KeepSchedule,
    readonly clock: ScheduleClock,
  ) {
    this.time = clock.domain;
  }

  /** τ(t) ∈ [0, 1], the schedule's argument (0 at the origin). */
  progress(t: number): number {
    return t === this.time.origin ? 0 : this.clock.progress(t);
  }

  /** α_t: the probability that a token of x0 is kept in x_t (1 at the origin). */
  alpha(t: number): number {
    return t === this.time.origin ? 1 : this.schedule.alpha(this.clock.progress(t));
  }
}
