import { DiscreteTime, type TimeDomain } from '../time/time-domain.js';
import { StratifiedDiscreteTime } from '../time/stratified-time.js';
import type { KeepSchedule } from './keep-schedule.js';
import type { ScheduleClock } from './schedule-clock.js';

/**
 * T discrete steps t = 0..T−1 (origin −1), τ(t) = (t + 1)/T: the seed's kept fraction 1 − t/T with its steps
 * numbered from 1. The NELBO is the D3PM/MDLM sum over steps, estimated with t ~ U{0..T−1}:
 *   w(t) = T·(α(τ(t − 1)) − α(τ(t)))/(1 − α(τ(t))).
 */
export class DiscreteScheduleClock implements ScheduleClock {
  readonly kind = 'discrete';
  readonly domain: TimeDomain;

  constructor(
    readonly T: number,
    readonly antithetic = true,
  ) {
    this.domain = antithetic ? new StratifiedDiscreteTime(T) : new DiscreteTime(T);
  }

  progress(t: number): number {
    return (t + 1) / this.T;
  }

  nelboWeight(schedule: KeepSchedule, t: number): number {
    const at = schedule.alpha(this.progress(t));
    const as = schedule.alpha(this.progress(t - 1));
    return (this.T * (as - at)) / (1 - at);
  }

  timeAt(f: number): number {
    return Math.min(this.T - 1, Math.floor(f * this.T));
  }
}
