/** The tanh approximation of the standard normal CDF used by DDPM / improved-DDPM's reference code. */
export function approxStandardNormalCdf(x: number): number {
  return 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
}

/**
 * log p(x | mean, exp(logVariance)) of the discretized Gaussian decoder (Ho et al. 2020; seed 003) for data x in
 * [−1, 1] quantised to `bins` levels: the Gaussian mass of x's bin (±1/(bins − 1)), with the outer bins extended
 * to ±∞. Probabilities are floored at 1e-12 as in the reference code.
 */
export function discretizedGaussianLogLikelihood(
  x: number,
  mean: number,
  logVariance: number,
  bins = 256,
): number {
  const half = 1 / (bins - 1);
  const inv = Math.exp(-0.5 * logVariance);
  const centered = x - mean;
  const cdfPlus = approxStandardNormalCdf(inv * (centered + half));
  const cdfMin = approxStandardNormalCdf(inv * (centered - half));
  if (x < -1 + half / 2) return Math.log(Math.max(cdfPlus, 1e-12));
  if (x > 1 - half / 2) return Math.log(Math.max(1 - cdfMin, 1e-12));
  return Math.log(Math.max(cdfPlus - cdfMin, 1e-12));
}
