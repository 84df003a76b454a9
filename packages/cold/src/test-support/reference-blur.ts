import type { Padding } from '../degradations/padding.js';

/**
 * An independent plain-TypeScript reference for one blur pass: a direct 2-D convolution in float64 with the
 * outer-product kernel k_a·k_b over the image padded in 2-D by `padding` (no separability, no tensors).
 * `x` is row-major [n, h, w, c].
 */
export function referenceBlur(
  x: Float64Array,
  shape: readonly [number, number, number, number],
  kernel: Float64Array,
  padding: Padding,
): Float64Array {
  const [n, h, w, c] = shape;
  const r = (kernel.length - 1) / 2;
  const out = new Float64Array(x.length);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let ch = 0; ch < c; ch++) {
          let s = 0;
          for (let a = -r; a <= r; a++) {
            const si = padding.source(i + a, h);
            for (let bb = -r; bb <= r; bb++) {
              const sj = padding.source(j + bb, w);
              s += kernel[a + r]! * kernel[bb + r]! * x[((b * h + si) * w + sj) * c + ch]!;
            }
          }
          out[((b * h + i) * w + j) * c + ch] = s;
        }
  return out;
}
