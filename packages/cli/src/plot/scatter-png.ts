import { PNG } from 'pngjs';

/** One set of 2-D points (row-major [n, 2]) with a colour. */
export interface ScatterSeries {
  readonly label: string;
  readonly points: ArrayLike<number>;
  readonly color: readonly [number, number, number];
}

export interface ScatterOptions {
  /** Pixel size of each panel (square). */
  readonly size?: number;
  /** Axis range shared by all panels, [min, max] on both axes (default: from the data, padded). */
  readonly range?: readonly [number, number];
}

function bounds(series: readonly ScatterSeries[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.points.length; i++) {
      const v = s.points[i]!;
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!Number.isFinite(lo)) return [-1, 1];
  const pad = 0.08 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

/**
 * Side-by-side scatter panels, one per series, on shared axes (light grid lines at integer coordinates),
 * encoded as PNG with pngjs. Points are drawn as 2×2 pixel dots with alpha blending.
 */
export function scatterPng(series: readonly ScatterSeries[], options: ScatterOptions = {}): Buffer {
  const size = options.size ?? 400;
  const [lo, hi] = options.range ?? bounds(series);
  const gap = 8;
  const png = new PNG({ width: series.length * size + (series.length - 1) * gap, height: size });
  png.data.fill(255);
  const toPx = (v: number): number => Math.floor(((v - lo) / (hi - lo)) * (size - 1));
  const blend = (x: number, y: number, rgb: readonly number[], alpha: number): void => {
    if (x < 0 || y < 0 || x >= png.width || y >= png.height) return;
    const i = (y * png.width + x) * 4;
    for (let c = 0; c < 3; c++)
      png.data[i + c] = Math.round(png.data[i + c]! * (1 - alpha) + rgb[c]! * alpha);
  };
  series.forEach((s, panel) => {
    const x0 = panel * (size + gap);
    for (let g = Math.ceil(lo); g <= Math.floor(hi); g++) {
      const p = toPx(g);
      for (let k = 0; k < size; k++) {
        blend(x0 + p, k, [200, 200, 200], g === 0 ? 0.9 : 0.5);
        blend(x0 + k, size - 1 - p, [200, 200, 200], g === 0 ? 0.9 : 0.5);
      }
    }
    for (let k = 0; k < size; k++) {
      blend(x0 + k, 0, [120, 120, 120], 1);
      blend(x0 + k, size - 1, [120, 120, 120], 1);
      blend(x0, k, [120, 120, 120], 1);
      blend(x0 + size - 1, k, [120, 120, 120], 1);
    }
    for (let i = 0; i + 1 < s.points.length; i += 2) {
      const px = toPx(s.points[i]!);
      const py = size - 1 - toPx(s.points[i + 1]!);
      if (px < 0 || py < 0 || px >= size || py >= size) continue;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        if (px + dx < size && py + dy < size) blend(x0 + px + dx, py + dy, s.color, 0.35);
      }
    }
  });
  return PNG.sync.write(png);
}
