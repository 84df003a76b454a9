import { DiscreteNoiseLevelTime } from '../time/noise-levels.js';
import { AffineGaussianProcess } from './gaussian-process.js';

/**
 * The variance-preserving Gaussian process x_t = √ᾱ_t·x0 + √(1 − ᾱ_t)·ε, ε ~ N(0, I) (seed 002, eq. 1), on
 * discrete times 0..T−1 (diffusers indexing) with the clean data at t = −1 (ᾱ_{−1} = `finalAlphaCumprod`, 1 by
 * default). ᾱ is a float64 table, non-increasing in (0, 1]; only the last entry may be 0 (zero terminal SNR).
 */
export class VpProcess extends AffineGaussianProcess {
  readonly time: DiscreteNoiseLevelTime;

  constructor(
    readonly alphasCumprod: Float64Array,
    readonly finalAlphaCumprod = 1,
  ) {
    super();
    this.time = new DiscreteNoiseLevelTime(alphasCumprod.length, (t) => this.sigma(t) / this.alpha(t));
    const last = alphasCumprod.length - 1;
    alphasCumprod.forEach((a, i) => {
      const lo = i === last ? a >= 0 : a > 0;
      if (!(lo && a <= 1) || (i > 0 && a > alphasCumprod[i - 1]!)) {
        throw new RangeError(
          `alphasCumprod[${i}]: expected a non-increasing value in (0, 1] (the last may be 0), got ${a}`,
        );
      }
    });
  }

  /** ᾱ_t for t ∈ {−1, 0, …, T−1}. */
  alphaBar(t: number): number {
    if (t === this.time.origin) return this.finalAlphaCumprod;
    const a = this.alphasCumprod[t];
    if (a === undefined) throw new RangeError(`t: expected an integer in [-1, ${this.time.tMax}], got ${t}`);
    return a;
  }

  alpha(t: number): number {
    return Math.sqrt(this.alphaBar(t));
  }

  sigma(t: number): number {
    return Math.sqrt(1 - this.alphaBar(t));
  }

  override get priorStd(): number {
    return 1;
  }
}
