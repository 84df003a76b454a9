/**
 * The masks of the count estimator: row b masks exactly k_b = 1 + ⌊L·u_b⌋ positions (u_b ∈ [0, 1), so k_b is
 * uniform on {1..L} when u_b is uniform), namely the k_b positions with the smallest ε (iid uniforms, so the
 * masked set is a uniformly random k_b-subset). Returns the 0/1 mask [B·L] and the counts k [B].
 */
export function countMask(
  eps: ArrayLike<number>,
  u: ArrayLike<number>,
  length: number,
): { mask: Uint8Array; counts: Int32Array } {
  const B = u.length;
  if (eps.length !== B * length)
    throw new RangeError(`eps: expected ${B}·${length} = ${B * length} values, got ${eps.length}`);
  const mask = new Uint8Array(B * length);
  const counts = new Int32Array(B);
  const order = Array.from({ length }, (_, i) => i);
  for (let b = 0; b < B; b++) {
    const ub = u[b]!;
    if (!(ub >= 0 && ub < 1)) throw new RangeError(`u[${b}]: expected a number in [0, 1), got ${ub}`);
    const k = 1 + Math.floor(length * ub);
    counts[b] = k;
    const row = b * length;
    order.sort((i, j) => eps[row + i]! - eps[row + j]! || i - j);
    for (let i = 0; i < k; i++) mask[row + order[i]!] = 1;
  }
  return { mask, counts };
}
