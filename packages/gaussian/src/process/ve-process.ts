import { ContinuousNoiseLevelTime } from '../time/noise-levels.js';
import { AffineGaussianProcess, type CoefficientRates } from './gaussian-process.js';

/**
 * The variance-exploding process x_t = x0 + σ_t·ε with the geometric σ_t = σ_min·(σ_max/σ_min)^t of Song et al.
 * (2021) for t ∈ (0, 1], and σ_0 = 0 at the origin (the clean data; the last sampler step jumps there from tMin).
 * The prior is N(0, (1 + σ_max²)·I), the marginal at t = 1 for data of unit variance.
 */
export class VeProcess extends AffineGaussianProcess {
  readonly time: ContinuousNoiseLevelTime;
  private readonly logRatio: number;

  constructor(
    readonly sigmaMin = 0.01,
    readonly sigmaMax = 50,
    tMin = 1e-5,
  ) {
    super();
    if (!(sigmaMin > 0 && sigmaMax > sigmaMin)) {
      throw new RangeError(`process: expected 0 < sigmaMin < sigmaMax, got ${sigmaMin} and ${sigmaMax}`);
    }
    this.time = new ContinuousNoiseLevelTime(tMin, 1, (t) => this.sigma(t) / this.alpha(t));
    this.logRatio = Math.log(sigmaMax / sigmaMin);
  }

  alpha(_t: number): number {
    return 1;
  }

  sigma(t: number): number {
    return t === 0 ? 0 : this.sigmaMin * Math.exp(this.logRatio * t);
  }

  override rates(t: number): CoefficientRates {
    return { dAlpha: 0, dSigma: this.sigma(t) * this.logRatio };
  }
}
