/**
 * The lower-triangular Cholesky factor L of a symmetric positive-definite d×d matrix A (row-major, float64), so that
 * A = L·Lᵀ. Throws if A is not positive definite.
 */
export function cholesky(a: Float64Array, d: number): Float64Array {
  if (a.length !== d * d) throw new RangeError(`cholesky: expected ${d * d} entries, got ${a.length}`);
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(sum > 0))
          throw new RangeError(`cholesky: matrix is not positive definite (pivot ${i} = ${sum})`);
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / l[j * d + j]!;
      }
    }
  }
  return l;
}
