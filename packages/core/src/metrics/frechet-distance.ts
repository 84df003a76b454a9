import { sqrtPsd } from './symmetric-eigen.js';

function meanAndCovariance(
  x: ArrayLike<number>,
  n: number,
  d: number,
): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + x[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const a = x[i * d + j]! - mean[j]!;
      for (let l = 0; l < d; l++)
        cov[j * d + l] = cov[j * d + l]! + (a * (x[i * d + l]! - mean[l]!)) / (n - 1);
    }
  }
  return { mean, cov };
}

function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k]!;
      for (let j = 0; j < d; j++) out[i * d + j] = out[i * d + j]! + aik * b[k * d + j]!;
    }
  return out;
}

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (the FID formula):
 * ‖μ_a − μ_b‖² + tr(Σ_a + Σ_b − 2·(Σ_a^{1/2} Σ_b Σ_a^{1/2})^{1/2}). Rows are samples of dimension d.
 */
export function frechetDistance(a: ArrayLike<number>, b: ArrayLike<number>, d: number): number {
  if (!(Number.isInteger(d) && d >= 1)) throw new RangeError(`d: expected a positive integer, got ${d}`);
  for (const [name, x] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (x.length % d !== 0 || x.length < 2 * d)
      throw new RangeError(`${name}: expected at least 2 rows of ${d} values, got ${x.length} values`);
  }
  const na = a.length / d;
  const nb = b.length / d;
  const A = meanAndCovariance(a, na, d);
  const B = meanAndCovariance(b, nb, d);
  let dist = 0;
  for (let j = 0; j < d; j++) dist += (A.mean[j]! - B.mean[j]!) ** 2;
  const rootA = sqrtPsd(A.cov, d);
  const cross = sqrtPsd(multiply(multiply(rootA, B.cov, d), rootA, d), d);
  for (let j = 0; j < d; j++) dist += A.cov[j * d + j]! + B.cov[j * d + j]! - 2 * cross[j * d + j]!;
  // ≥ 0 in exact arithmetic; rounding can leave −1e-12 for identical sets
  return Math.max(0, dist);
}
