import { scaleLinear } from 'd3-scale';
import type { ScatterSeries } from './scatter-png.js';

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The SVG twin of `scatterPng`: side-by-side panels, one per series, on shared "nice" axes (d3-scale), each point a
 * small translucent circle, the series label above its panel. Non-finite points are left out.
 */
export function scatterSvg(
  series: readonly ScatterSeries[],
  options: { readonly size?: number; readonly range?: readonly [number, number] } = {},
): string {
  const size = options.size ?? 400;
  const pad = 28;
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
  const width = series.length * (size + pad) + pad;
  const height = size + 2 * pad;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  series.forEach((s, k) => {
    const left = pad + k * (size + pad);
    const rgb = `rgb(${s.color.join(',')})`;
    out.push(`<g transform="translate(${left},${pad})">`);
    for (const t of scale.ticks(6)) {
      const p = scale(t).toFixed(1);
      const q = (size - 1 - scale(t)).toFixed(1);
      out.push(
        `<line x1="${p}" x2="${p}" y1="0" y2="${size}" stroke="#e5e5e5"/>`,
        `<line x1="0" x2="${size}" y1="${q}" y2="${q}" stroke="#e5e5e5"/>`,
        `<text x="${p}" y="${size + 14}" text-anchor="middle" fill="#444">${t}</text>`,
      );
    }
    out.push(`<rect width="${size}" height="${size}" fill="none" stroke="#777"/>`);
    out.push(`<text x="${size / 2}" y="-8" text-anchor="middle" fill="#222">${escapeXml(s.label)}</text>`);
    out.push(`<g fill="${rgb}" fill-opacity="0.35">`);
    for (let i = 0; i + 1 < s.points.length; i += 2) {
      const [x, y] = [s.points[i]!, s.points[i + 1]!];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      out.push(`<circle cx="${scale(x).toFixed(1)}" cy="${(size - 1 - scale(y)).toFixed(1)}" r="1.5"/>`);
    }
    out.push('</g>', '</g>');
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
