/**
 * The exact linear assignment problem: for an n×n cost matrix C (row-major), the permutation π minimising
 * Σ_i C[i, π(i)]. The Hungarian algorithm with potentials and shortest augmenting paths (Kuhn–Munkres in the
 * Jonker–Volgenant form), O(n³) time, float64. Returns π as `out[i] = column assigned to row i`.
 */
export function linearAssignment(cost: ArrayLike<number>, n: number): Int32Array {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n: expected an integer ≥ 0, got ${n}`);
  if (cost.length !== n * n)
    throw new RangeError(`cost: expected ${n}×${n} = ${n * n} values, got ${cost.length}`);
  for (let i = 0; i < cost.length; i++) {
    if (!Number.isFinite(cost[i]!))
      throw new RangeError(`cost[${i}]: expected a finite number, got ${cost[i]}`);
  }
  // 1-based potentials u (rows), v (columns); p[j] = row matched to column j (0: none); way[j] = previous column.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * n + (j - 1)]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Int32Array(n);
  for (let j = 1; j <= n; j++) out[p[j]! - 1] = j - 1;
  return out;
}
