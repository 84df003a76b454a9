import { PNG } from 'pngjs';

export interface ImageGridOptions {
  /** Tiles per row (default: ⌈√n⌉). */
  readonly columns?: number;
  /** Each pixel becomes a `scale` × `scale` block (default 2). */
  readonly scale?: number;
  /** Pixels between tiles (default 2, mid grey). */
  readonly gap?: number;
  /** The value range mapped to black … white (default [−1, 1], the usual data range of image diffusion). */
  readonly range?: readonly [number, number];
}

/**
 * A PNG grid of `n` images stored row-major as [n, h, w] or [n, h, w, c] with c = 1 (grey) or 3 (RGB); values
 * outside `range` are clipped.
 */
export function imageGridPng(
  images: ArrayLike<number>,
  shape: readonly number[],
  options: ImageGridOptions = {},
): Buffer {
  const [n, h, w, c = 1] = shape;
  if (n === undefined || h === undefined || w === undefined || (shape.length !== 3 && shape.length !== 4))
    throw new RangeError(`image grid: expected a shape [n, h, w] or [n, h, w, c], got [${shape.join(', ')}]`);
  if (c !== 1 && c !== 3) throw new RangeError(`image grid: expected 1 or 3 channels, got ${c}`);
  if (images.length !== n * h * w * c)
    throw new RangeError(`image grid: ${images.length} values do not fill the shape [${shape.join(', ')}]`);
  const [lo, hi] = options.range ?? [-1, 1];
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const cols = Math.max(1, Math.min(n, options.columns ?? Math.ceil(Math.sqrt(n))));
  const rows = Math.max(1, Math.ceil(n / cols));
  const width = gap + cols * (w * scale + gap);
  const height = gap + rows * (h * scale + gap);
  const png = new PNG({ width, height });
  png.data.fill(128);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  const byte = (v: number): number => Math.round(255 * Math.min(1, Math.max(0, (v - lo) / (hi - lo))));
  for (let k = 0; k < n; k++) {
    const top = gap + Math.floor(k / cols) * (h * scale + gap);
    const left = gap + (k % cols) * (w * scale + gap);
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const src = ((k * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * c;
        const o = ((top + y) * width + left + x) * 4;
        for (let ch = 0; ch < 3; ch++) png.data[o + ch] = byte(images[src + (c === 3 ? ch : 0)]!);
      }
    }
  }
  return PNG.sync.write(png);
}
