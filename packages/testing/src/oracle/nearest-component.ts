/** The mean of each class's points: `points` row-major [n, dim], `labels` [n] in 0..classes−1. */
export function classMeans(
  points: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  dim: number,
): number[][] {
  const sums = Array.from({ length: classes }, () => new Array<number>(dim + 1).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = sums[labels[i]!];
    if (!row) throw new RangeError(`labels.${i}: expected a class in 0..${classes - 1}, got ${labels[i]}`);
    for (let d = 0; d < dim; d++) row[d]! += points[i * dim + d]!;
    row[dim]! += 1;
  }
  return sums.map((row) => row.slice(0, dim).map((v) => v / row[dim]!));
}

/** The fraction of `points` (row-major, rows of `means[0].length`) whose nearest mean is `means[k]`. */
export function fractionNearest(points: ArrayLike<number>, means: readonly number[][], k: number): number {
  const dim = means[0]!.length;
  const n = points.length / dim;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const d = means.map((m) => m.reduce((s, v, j) => s + (points[i * dim + j]! - v) ** 2, 0));
    if (d.indexOf(Math.min(...d)) === k) hits++;
  }
  return hits / n;
}
