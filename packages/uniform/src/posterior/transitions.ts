/**
 * The transition probabilities of the uniform-state process in float64 (seed 002 §7's discrete processes with
 * the uniform stationary distribution, D3PM-uniform): one token, K categories, kept fraction α.
 *
 *   q(x_t = v | x0)        = α_t·1[v = x0] + (1 − α_t)/K                                   (the marginal)
 *   q(x_t = v | x_s)       = α_{t|s}·1[v = x_s] + (1 − α_{t|s})/K,   α_{t|s} = α_t/α_s       (s < t)
 *   q(x_s = v | x_t, x0)   = q(x_t | x_s = v)·q(x_s = v | x0) / q(x_t | x0)                  (Bayes)
 *   p_θ(x_s = v | x_t)     = Σ_z q(x_s = v | x_t, z)·p_θ(x0 = z | x_t)                       (the reverse step)
 */

function checkCategory(name: string, v: number, K: number): void {
  if (!(Number.isSafeInteger(v) && v >= 0 && v < K))
    throw new RangeError(`${name}: expected a category in [0, ${K}), got ${v}`);
}

function checkAlpha(name: string, a: number): void {
  if (!(a >= 0 && a <= 1)) throw new RangeError(`${name}: expected a kept fraction in [0, 1], got ${a}`);
}

/** q(x_t = v | x0) for every v: α·onehot(x0) + (1 − α)/K. */
export function uniformMarginal(x0: number, alpha: number, K: number): Float64Array {
  checkCategory('x0', x0, K);
  checkAlpha('alpha', alpha);
  const q = new Float64Array(K).fill((1 - alpha) / K);
  q[x0] = q[x0]! + alpha;
  return q;
}

/** α_{t|s} = α_t/α_s, the kept fraction of one step from s to t (1 when α_s = α_t, 0 when α_s = 0). */
export function stepAlpha(alphaT: number, alphaS: number): number {
  checkAlpha('alphaT', alphaT);
  checkAlpha('alphaS', alphaS);
  if (alphaT > alphaS) throw new RangeError(`alphaT: expected ≤ alphaS (s < t), got ${alphaT} > ${alphaS}`);
  return alphaS === 0 ? 0 : alphaT / alphaS;
}

/** The exact posterior q(x_s = v | x_t, x0) for every v (s < t; α_s = 1 gives onehot(x0)). */
export function uniformPosterior(
  xt: number,
  x0: number,
  alphaT: number,
  alphaS: number,
  K: number,
): Float64Array {
  checkCategory('xt', xt, K);
  checkCategory('x0', x0, K);
  const ats = stepAlpha(alphaT, alphaS);
  const q = uniformMarginal(x0, alphaS, K);
  let z = 0;
  for (let v = 0; v < K; v++) z += q[v] = q[v]! * (ats * (v === xt ? 1 : 0) + (1 - ats) / K);
  for (let v = 0; v < K; v++) q[v] = q[v]! / z;
  return q;
}

/**
 * The model's reverse step p_θ(x_s = v | x_t) = Σ_z q(x_s = v | x_t, z)·p̂_z for every v, in closed form:
 *   p_θ(v) = q(x_t | x_s = v)·(α_s·w_v + (1 − α_s)/K·Σ_z w_z),   w_z = p̂_z / q(x_t | x0 = z),
 * O(K) per token. `probs` is p̂ = p_θ(x0 | x_t) at this position (K probabilities summing to 1).
 */
export function reverseProbabilities(
  xt: number,
  probs: ArrayLike<number>,
  alphaT: number,
  alphaS: number,
  K: number,
): Float64Array {
  checkCategory('xt', xt, K);
  if (probs.length !== K) throw new RangeError(`probs: expected ${K} probabilities, got ${probs.length}`);
  const ats = stepAlpha(alphaT, alphaS);
  const w = new Float64Array(K);
  let sumW = 0;
  for (let z = 0; z < K; z++) {
    const c = alphaT * (z === xt ? 1 : 0) + (1 - alphaT) / K;
    sumW += w[z] = c > 0 ? probs[z]! / c : 0;
  }
  const p = new Float64Array(K);
  let total = 0;
  for (let v = 0; v < K; v++) {
    const a = ats * (v === xt ? 1 : 0) + (1 - ats) / K;
    total += p[v] = a * (alphaS * w[v]! + ((1 - alphaS) / K) * sumW);
  }
  // Σ_v p(v) = Σ_z p̂_z = 1 exactly; renormalise only the rounding.
  for (let v = 0; v < K; v++) p[v] = p[v]! / total;
  return p;
}

/** KL(q(x_1 | x0) ‖ Uniform) of one token, in nats: the prior term of the NELBO (0 when α(1) = 0). */
export function priorKl(alpha1: number, K: number): number {
  const q = uniformMarginal(0, alpha1, K);
  let kl = 0;
  for (const v of q) if (v > 0) kl += v * Math.log(K * v);
  return kl;
}
