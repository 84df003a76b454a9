function sqDist(x: ArrayLike<number>, i: number, y: ArrayLike<number>, j: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const v = x[i * dim + d]! - y[j * dim + d]!;
    s += v * v;
  }
  return s;
}

function meanKernel(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  dim: number,
  gamma: number,
  same: boolean,
): number {
  const n = x.length / dim;
  const m = y.length / dim;
  let s = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (same && i === j) continue;
      s += Math.exp(-gamma * sqDist(x, i, y, j, dim));
      count++;
    }
  }
  return s / count;
}

/**
 * Unbiased squared maximum mean discrepancy with the Gaussian kernel k(x, y) = exp(−‖x − y‖² / (2·bandwidth²)),
 * in float64. Near 0 (can be slightly negative) when the two samples come from the same distribution.
 */
export function mmd2(a: ArrayLike<number>, b: ArrayLike<number>, dim: number, bandwidth: number): number {
  if (!(bandwidth > 0)) throw new RangeError(`mmd2: bandwidth must be positive, got ${bandwidth}`);
  const gamma = 1 / (2 * bandwidth * bandwidth);
  return (
    meanKernel(a, a, dim, gamma, true) +
    meanKernel(b, b, dim, gamma, true) -
    2 * meanKernel(a, b, dim, gamma, false)
  );
}
