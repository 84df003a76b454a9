import { PNG } from 'pngjs';

export interface ImageGridOptions {
  /** Height and width of one image. */
  readonly size: readonly [number, number];
  /** Each pixel becomes a `scale` × `scale` block (default 2). */
  readonly scale?: number;
  /** Pixels between tiles (default 2); the background is mid grey. */
  readonly gap?: number;
}

/**
 * A PNG of grey-level images in rows: `rows[r][c]` is one image, row-major, values in [0, 1] (clipped). Rows may
 * differ in length; an empty row leaves a blank band (a separator).
 */
export function imageGridPng(
  rows: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>,
  options: ImageGridOptions,
): Buffer {
  const [h, w] = options.size;
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const tileH = h * scale;
  const tileW = w * scale;
  const width = gap + cols * (tileW + gap);
  const height = gap + rows.length * (tileH + gap);
  const png = new PNG({ width, height });
  png.data.fill(128);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  rows.forEach((row, r) => {
    row.forEach((image, c) => {
      if (image.length !== h * w)
        throw new RangeError(`image grid: image [${r}][${c}] has ${image.length} pixels, expected ${h * w}`);
      const top = gap + r * (tileH + gap);
      const left = gap + c * (tileW + gap);
      for (let y = 0; y < tileH; y++) {
        for (let x = 0; x < tileW; x++) {
          const v = image[Math.floor(y / scale) * w + Math.floor(x / scale)]!;
          const g = Math.round(255 * Math.min(1, Math.max(0, v)));
          const o = ((top + y) * width + left + x) * 4;
          png.data[o] = g;
          png.data[o + 1] = g;
          png.data[o + 2] = g;
        }
      }
    });
  });
  return PNG.sync.write(png);
}
