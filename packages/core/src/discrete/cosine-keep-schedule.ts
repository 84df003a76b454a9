import type { KeepSchedule } from './keep-schedule.js';

/** α(τ) = cos(πτ/2): few tokens are corrupted early, many late. Absorbing NELBO weight (π/2)·sin(πτ/2)/(1 − cos(πτ/2)). */
export class CosineKeepSchedule implements KeepSchedule {
  readonly kind = 'cosine';

  alpha(tau: number): number {
    return tau >= 1 ? 0 : Math.cos((Math.PI / 2) * tau);
  }

  alphaDerivative(tau: number): number {
    return -(Math.PI / 2) * Math.sin((Math.PI / 2) * tau);
  }
}
