/**
 * N(k) of consistency training (Song et al. 2023, App. C): the number of σ's at training step k of K,
 * N(k) = ⌈√(k/K·((s₁ + 1)² − s₀²) + s₀²) − 1⌉ + 1, growing from s₀ at k = 0 to s₁ + 1 at k = K (held there beyond
 * K).
 */
export function discretisationSteps(k: number, K: number, s0: number, s1: number): number {
  if (!(Number.isInteger(k) && k >= 0))
    throw new RangeError(`discretisationSteps: k expected an integer ≥ 0, got ${k}`);
  if (!(Number.isInteger(K) && K >= 1))
    throw new RangeError(`discretisationSteps: K expected an integer ≥ 1, got ${K}`);
  if (!(Number.isInteger(s0) && Number.isInteger(s1) && s0 >= 2 && s1 >= s0))
    throw new RangeError(`discretisationSteps: expected integers 2 ≤ s0 ≤ s1, got s0 = ${s0}, s1 = ${s1}`);
  const frac = Math.min(k, K) / K;
  return Math.ceil(Math.sqrt(frac * ((s1 + 1) ** 2 - s0 * s0) + s0 * s0) - 1) + 1;
}

/**
 * μ(k) = exp(s₀·log μ₀ / N(k)) (Song et al. 2023, App. C): the EMA decay of the target network θ⁻ in consistency
 * training, which rises towards 1 as N(k) grows.
 */
export function targetDecay(n: number, s0: number, mu0: number): number {
  if (!(mu0 >= 0 && mu0 < 1)) throw new RangeError(`targetDecay: μ₀ expected in [0, 1), got ${mu0}`);
  if (mu0 === 0) return 0;
  return Math.exp((s0 * Math.log(mu0)) / n);
}
