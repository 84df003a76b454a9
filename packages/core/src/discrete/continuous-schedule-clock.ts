import { ContinuousTime, type TimeDomain } from '../time/time-domain.js';
import { StratifiedContinuousTime } from '../time/stratified-time.js';
import type { KeepSchedule } from './keep-schedule.js';
import type { ScheduleClock } from './schedule-clock.js';

/**
 * Continuous time t ∈ [0, 1] (origin 0), τ(t) = t. Training times are drawn on [tMin, 1]. The NELBO weight is
 * MDLM's continuous-time limit w(t) = −α'(t)/(1 − α(t)) (1/t for the linear and log-linear schedules).
 */
export class ContinuousScheduleClock implements ScheduleClock {
  readonly kind = 'continuous';
  readonly domain: TimeDomain;

  constructor(
    readonly tMin = 1e-3,
    readonly antithetic = true,
  ) {
    if (!(tMin > 0 && tMin < 1)) throw new RangeError(`tMin: expected a number in (0, 1), got ${tMin}`);
    this.domain = antithetic ? new StratifiedContinuousTime(tMin, 1) : new ContinuousTime(tMin, 1);
  }

  progress(t: number): number {
    return t;
  }

  nelboWeight(schedule: KeepSchedule, t: number): number {
    return -schedule.alphaDerivative(t) / (1 - schedule.alpha(t));
  }

  /** Training times are uniform on [tMin, 1]: f = (t − tMin)/(1 − tMin). */
  quantile(t: number): number {
    return Math.max(0, (t - this.tMin) / (1 - this.tMin));
  }

  timeAt(f: number): number {
    // The evaluation integral runs over all of (0, 1]; the 1e-9 floor only keeps w(t) finite.
    return Math.max(f, 1e-9);
  }
}
