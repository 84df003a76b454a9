import type { Rng } from '@udm/core';

function sqDist(x: Float64Array, i: number, c: Float64Array, k: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = x[i * d + j]! - c[k * d + j]!;
    s += v * v;
  }
  return s;
}

/**
 * Lloyd's k-means on n row-major points of dimension d (float64), seeded with k-means++ from `rng`. Returns each
 * point's cluster and the centres; stops when no assignment changes or after `iterations` rounds. Clusters that
 * lose all their points keep their last centre (and are reported empty by the assignment).
 */
export function kMeans(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
  iterations = 50,
): { assignment: Int32Array; centres: Float64Array } {
  if (k < 1 || k > n)
    throw new RangeError(`components: expected 1 ≤ k ≤ ${n} (the number of points), got ${k}`);
  const centres = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = rng.int(n);
  for (let c = 0; c < k; c++) {
    centres.set(x.subarray(chosen * d, (chosen + 1) * d), c * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i]!, sqDist(x, i, centres, c, d));
      total += nearest[i]!;
    }
    if (c + 1 < k) {
      let u = rng.uniform() * total;
      chosen = n - 1;
      for (let i = 0; i < n; i++) {
        u -= nearest[i]!;
        if (u < 0) {
          chosen = i;
          break;
        }
      }
    }
  }
  const assignment = new Int32Array(n).fill(-1);
  for (let round = 0; round < iterations; round++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dist = sqDist(x, i, centres, c, d);
        if (dist < bestD) {
          bestD = dist;
          best = c;
        }
      }
      if (assignment[i] !== best) {
        assignment[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      counts[c]!++;
      for (let j = 0; j < d; j++) sums[c * d + j]! += x[i * d + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j]! / counts[c]!;
    }
  }
  return { assignment, centres };
}
