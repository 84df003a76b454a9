/** Mean squared error between two equally long arrays of images, each value first clipped to [0, 1]. */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`mse: ${a.length} vs ${b.length} values`);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = clip01(a[i]!) - clip01(b[i]!);
    s += d * d;
  }
  return s / a.length;
}

/** Peak signal-to-noise ratio in dB for images in [0, 1]: 10·log10(1 / MSE). */
export function psnr(mse: number): number {
  return 10 * Math.log10(1 / mse);
}

/** Per-image PSNR averaged over images (each image `pixels` long). */
export function meanImagePsnr(a: ArrayLike<number>, b: ArrayLike<number>, pixels: number): number {
  const n = a.length / pixels;
  let s = 0;
  for (let k = 0; k < n; k++) {
    let e = 0;
    for (let i = k * pixels; i < (k + 1) * pixels; i++) {
      const d = clip01(a[i]!) - clip01(b[i]!);
      e += d * d;
    }
    s += psnr(Math.max(e / pixels, 1e-10));
  }
  return s / n;
}

export function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Maps values from [low, high] to [0, 1] (not clipped). */
export function toUnit(x: ArrayLike<number>, low: number, high: number): Float32Array {
  return Float32Array.from(x, (v) => (v - low) / (high - low));
}
