/**
 * The normalised 1-D Gaussian kernel of odd `size` and standard deviation `std`, in float64:
 * w_i ∝ exp(−(i − ⌊size/2⌋)² / (2σ²)), Σ w_i = 1 (the kernel of torchgeometry's `get_gaussian_kernel2d`, which the
 * cold-diffusion reference uses, is the outer product of two of these).
 */
export function gaussianKernel1d(size: number, std: number): Float64Array {
  if (!Number.isInteger(size) || size < 1 || size % 2 !== 1) {
    throw new RangeError(`kernelSize: expected an odd positive integer, got ${size}`);
  }
  if (!(std > 0 && Number.isFinite(std))) throw new RangeError(`std: expected a positive number, got ${std}`);
  const half = (size - 1) / 2;
  const w = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    w[i] = Math.exp(-((i - half) ** 2) / (2 * std * std));
    sum += w[i]!;
  }
  return w.map((v) => v / sum);
}
