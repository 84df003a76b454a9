import type { KeepSchedule } from './keep-schedule.js';

/** The seed's schedule (002 §7.2): the kept fraction is 1 − t/T, i.e. α(τ) = 1 − τ. Absorbing NELBO weight 1/τ. */
export class LinearKeepSchedule implements KeepSchedule {
  readonly kind = 'linear';

  alpha(tau: number): number {
    return 1 - tau;
  }

  alphaDerivative(): number {
    return -1;
  }
}
