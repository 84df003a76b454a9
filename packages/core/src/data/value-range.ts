/** The smallest and largest value ([−1, 1] when all are equal): the range pictures of data are drawn on. */
export function valueRange(values: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo < hi ? [lo, hi] : [-1, 1];
}
