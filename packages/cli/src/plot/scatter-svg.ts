import { scaleLinear } from 'd3-scale';
import type { ScatterSeries } from './scatter-png.js';

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ScatterSvgOptions {
  /** Pixel size of each (square) panel. */
  readonly size?: number;
  /** Axis range shared by both axes of all panels (default: from the data, "nice"). */
  readonly range?: readonly [number, number];
  /** Axis labels (default `x₁`, `x₂`). */
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** A line under the panels, e.g. the metrics of the samples. */
  readonly caption?: string;
}

/**
 * Side-by-side scatter panels, one per series, titled by the series label, on shared "nice" axes (d3-scale) with
 * equal aspect (one scale for x and y), tick labels on both axes, axis labels and an optional caption (metrics);
 * each point a small translucent circle, clipped to its panel. Non-finite points are left out. `svgToPng` rasterises
 * it.
 */
export function scatterSvg(series: readonly ScatterSeries[], options: ScatterSvgOptions = {}): string {
  const size = options.size ?? 400;
  const pad = 28;
  const left = 52;
  const bottom = options.caption ? 62 : 44;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (let i = 0; i < s.points.length; i++) {
      const v = s.points[i]!;
      if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
  const domain = options.range ?? (Number.isFinite(lo) ? [lo, hi] : [-1, 1]);
  const scale = scaleLinear()
    .domain([domain[0], domain[1]])
    .range([0, size - 1])
    .nice();
  // Panels sit `left` apart, so each one's tick and axis labels stay clear of the panel before it.
  const width = left + series.length * size + (series.length - 1) * left + pad;
  const height = pad + size + bottom;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  series.forEach((s, k) => {
    const x0 = left + k * (size + left);
    const rgb = `rgb(${s.color.join(',')})`;
    out.push(`<g transform="translate(${x0},${pad})">`);
    for (const t of scale.ticks(6)) {
      const p = scale(t).toFixed(1);
      const q = (size - 1 - scale(t)).toFixed(1);
      out.push(
        `<line x1="${p}" x2="${p}" y1="0" y2="${size}" stroke="#e5e5e5"/>`,
        `<line x1="0" x2="${size}" y1="${q}" y2="${q}" stroke="#e5e5e5"/>`,
        `<text x="${p}" y="${size + 14}" text-anchor="middle" fill="#444">${t}</text>`,
        `<text x="-5" y="${q}" dy="0.32em" text-anchor="end" fill="#444">${t}</text>`,
      );
    }
    out.push(
      `<text x="${size / 2}" y="${size + 30}" text-anchor="middle" fill="#222">${escapeXml(options.xLabel ?? 'x₁')}</text>`,
      `<text transform="translate(-36,${size / 2}) rotate(-90)" text-anchor="middle" fill="#222">${escapeXml(options.yLabel ?? 'x₂')}</text>`,
    );
    out.push(`<rect width="${size}" height="${size}" fill="none" stroke="#777"/>`);
    out.push(`<text x="${size / 2}" y="-8" text-anchor="middle" fill="#222">${escapeXml(s.label)}</text>`);
    // Points outside the axis range (a given `range`) are clipped to the panel.
    out.push(
      `<clipPath id="panel-${k}"><rect x="0" y="0" width="${size}" height="${size}"/></clipPath>`,
      `<g fill="${rgb}" fill-opacity="0.35" clip-path="url(#panel-${k})">`,
    );
    for (let i = 0; i + 1 < s.points.length; i += 2) {
      const [x, y] = [s.points[i]!, s.points[i + 1]!];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      out.push(`<circle cx="${scale(x).toFixed(1)}" cy="${(size - 1 - scale(y)).toFixed(1)}" r="1.5"/>`);
    }
    out.push('</g>', '</g>');
  });
  if (options.caption)
    out.push(
      `<text x="${width / 2}" y="${height - 12}" text-anchor="middle" fill="#222">${escapeXml(options.caption)}</text>`,
    );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
