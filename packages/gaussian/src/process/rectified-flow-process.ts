import { ContinuousNoiseLevelTime } from '../time/noise-levels.js';
import { AffineGaussianProcess, type CoefficientRates } from './gaussian-process.js';

/**
 * Rectified flow / linear interpolation x_t = (1 − t)·x0 + t·ε on t ∈ [0, 1] (seed 004): α_t = 1 − t, σ_t = t,
 * the prior is N(0, I) at t = 1 and the flow-matching velocity is dx_t/dt = ε − x0.
 */
export class RectifiedFlowProcess extends AffineGaussianProcess {
  readonly time: ContinuousNoiseLevelTime;

  constructor(tMin = 0, tMax = 1) {
    super();
    if (!(tMax <= 1)) throw new RangeError(`process.tMax: expected a number ≤ 1, got ${tMax}`);
    this.time = new ContinuousNoiseLevelTime(tMin, tMax, (t) => this.sigma(t) / this.alpha(t));
  }

  alpha(t: number): number {
    return 1 - t;
  }

  sigma(t: number): number {
    return t;
  }

  override rates(_t: number): CoefficientRates {
    return { dAlpha: -1, dSigma: 1 };
  }
}
