/** A β schedule: the per-step variances β_0..β_{T−1} of a discrete VP process, in float64. */
export interface BetaSchedule {
  betas(T: number): Float64Array;
}

/** ᾱ_t = Π_{i≤t} (1 − β_i), in float64. */
export function alphasCumprod(betas: Float64Array): Float64Array {
  const out = new Float64Array(betas.length);
  let prod = 1;
  betas.forEach((b, i) => {
    prod *= 1 - b;
    out[i] = prod;
  });
  return out;
}

/** β_t = 1 − ᾱ_t/ᾱ_{t−1} (ᾱ_{−1} = 1): the inverse of `alphasCumprod`. */
export function betasFromAlphasCumprod(abar: Float64Array): Float64Array {
  return abar.map((a, i) => 1 - a / (i === 0 ? 1 : abar[i - 1]!));
}
