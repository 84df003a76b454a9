import { ContinuousNoiseLevelTime } from '../time/noise-levels.js';
import type { ContinuousAlphaBar } from '../schedules/continuous/continuous-alpha-bar.js';
import { AffineGaussianProcess, type CoefficientRates } from './gaussian-process.js';

/** The variance-preserving process in continuous time: α_t = √ᾱ(t), σ_t = √(1 − ᾱ(t)), t ∈ [tMin, 1], origin 0. */
export class VpContinuousProcess extends AffineGaussianProcess {
  readonly time: ContinuousNoiseLevelTime;

  constructor(
    readonly schedule: ContinuousAlphaBar,
    tMin = 1e-3,
  ) {
    super();
    this.time = new ContinuousNoiseLevelTime(tMin, 1, (t) => this.sigma(t) / this.alpha(t));
  }

  alphaBar(t: number): number {
    return t === 0 ? 1 : this.schedule.alphaBar(t);
  }

  alpha(t: number): number {
    return Math.sqrt(this.alphaBar(t));
  }

  sigma(t: number): number {
    return Math.sqrt(1 - this.alphaBar(t));
  }

  override rates(t: number): CoefficientRates {
    const a = this.alphaBar(t);
    const d = this.schedule.dAlphaBar(t);
    return { dAlpha: d / (2 * Math.sqrt(a)), dSigma: -d / (2 * Math.sqrt(1 - a)) };
  }

  override get priorStd(): number {
    return 1;
  }
}
