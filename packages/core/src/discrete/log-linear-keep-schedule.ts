import type { KeepSchedule } from './keep-schedule.js';

/**
 * MDLM's log-linear schedule: σ(τ) = −log(1 − (1 − ε)τ), α(τ) = e^{−σ(τ)} = 1 − (1 − ε)τ, so that α(1) = ε > 0.
 * Absorbing NELBO weight (1 − ε)/(1 − α) = 1/τ.
 */
export class LogLinearKeepSchedule implements KeepSchedule {
  readonly kind = 'log-linear';
  constructor(readonly eps = 1e-3) {
    if (!(eps >= 0 && eps < 1)) throw new RangeError(`eps: expected a number in [0, 1), got ${eps}`);
  }
  alpha(tau: number): number {
    return 1 - (1 - this.eps) * tau;
  }
  alphaDerivative(): number {
    return -(1 - this.eps);
  }
}
