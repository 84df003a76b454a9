import type { Rng } from '../random/rng.js';

function project(points: ArrayLike<number>, dim: number, dir: Float64Array): Float64Array {
  const n = points.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += points[i * dim + d]! * dir[d]!;
    out[i] = s;
  }
  return out.sort();
}

/** The quantile function of sorted values at level u ∈ (0, 1) (linear interpolation). */
function quantile(sorted: Float64Array, u: number): number {
  const pos = u * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Sliced 1-Wasserstein distance between two point clouds (row-major, `dim` columns): the mean over `projections`
 * random directions of the 1-D Wasserstein-1 distance between the projected samples (computed via quantiles,
 * so the two sets may differ in size). Lower is better; 0 for identical distributions.
 */
export function slicedWasserstein(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  dim: number,
  rng: Rng,
  projections = 128,
): number {
  if (a.length % dim !== 0 || b.length % dim !== 0 || a.length === 0 || b.length === 0) {
    throw new RangeError(`slicedWasserstein: point arrays must be non-empty multiples of dim = ${dim}`);
  }
  const grid = 512;
  let total = 0;
  for (let p = 0; p < projections; p++) {
    const dir = rng.normals(dim);
    const norm = Math.hypot(...dir);
    for (let d = 0; d < dim; d++) dir[d] = dir[d]! / norm;
    const pa = project(a, dim, dir);
    const pb = project(b, dim, dir);
    let w = 0;
    for (let k = 0; k < grid; k++) {
      const u = (k + 0.5) / grid;
      w += Math.abs(quantile(pa, u) - quantile(pb, u));
    }
    total += w / grid;
  }
  return total / projections;
}
