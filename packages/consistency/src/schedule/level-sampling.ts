import erf from '@stdlib/math-base-special-erf';

/**
 * How consistency training picks the pair (σ_n, σ_{n+1}) among the N − 1 adjacent pairs of its levels: the
 * probability of each n = 1..N − 1 (float64, summing to 1).
 */
export interface LevelSampling {
  readonly kind: string;
  readonly description: string;
  /** p(n) for n = 1..N − 1 (index n − 1) of the ascending levels σ_1..σ_N. */
  probabilities(sigmas: Float64Array): Float64Array;
}

function checkLevels(sigmas: Float64Array): void {
  if (sigmas.length < 2) throw new RangeError(`levels: expected at least 2 σ's, got ${sigmas.length}`);
  for (let i = 0; i < sigmas.length; i++) {
    const s = sigmas[i]!;
    if (!(Number.isFinite(s) && s >= 0 && (i === 0 || s > sigmas[i - 1]!)))
      throw new RangeError(`levels: expected finite ascending σ ≥ 0, got σ[${i}] = ${s}`);
  }
}

/** n ~ U{1, …, N − 1} (Song et al. 2023, Algorithm 3). */
export const uniformLevelSampling: LevelSampling = {
  kind: 'uniform',
  description: 'n ~ U{1..N−1}',
  probabilities(sigmas) {
    checkLevels(sigmas);
    return new Float64Array(sigmas.length - 1).fill(1 / (sigmas.length - 1));
  },
};

/**
 * The discretised lognormal proposal of improved consistency training (Song & Dhariwal 2023, §3.5):
 * p(n) ∝ erf((ln σ_{n+1} − P_mean)/(√2·P_std)) − erf((ln σ_n − P_mean)/(√2·P_std)), the mass that
 * ln σ ~ N(P_mean, P_std²) puts between the pair's levels (defaults P_mean = −1.1, P_std = 2.0).
 */
export function lognormalLevelSampling(pMean = -1.1, pStd = 2): LevelSampling {
  if (!Number.isFinite(pMean)) throw new RangeError(`pMean: expected a finite number, got ${pMean}`);
  if (!(Number.isFinite(pStd) && pStd > 0)) throw new RangeError(`pStd: expected a number > 0, got ${pStd}`);
  const cdf = (sigma: number) => (sigma === 0 ? -1 : erf((Math.log(sigma) - pMean) / (Math.SQRT2 * pStd)));
  return {
    kind: 'lognormal',
    description: `discretised lognormal: ln σ ~ N(${pMean}, ${pStd}²) (iCT)`,
    probabilities(sigmas) {
      checkLevels(sigmas);
      const p = new Float64Array(sigmas.length - 1);
      let total = 0;
      for (let n = 0; n < p.length; n++) {
        p[n] = Math.max(cdf(sigmas[n + 1]!) - cdf(sigmas[n]!), 0);
        total += p[n]!;
      }
      if (!(total > 0))
        throw new RangeError(
          `levels: the lognormal N(${pMean}, ${pStd}²) puts no mass on [${sigmas[0]}, ${sigmas[sigmas.length - 1]}]`,
        );
      for (let n = 0; n < p.length; n++) p[n]! /= total;
      return p;
    },
  };
}
