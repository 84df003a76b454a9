import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';

/** One line of a chart: points (x, y) in drawing order, and a CSS colour. */
export interface LineSeries {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly color: string;
  /** Stroke width in pixels (default 1.5). */
  readonly width?: number;
  /** Stroke opacity (default 1). */
  readonly opacity?: number;
  /** SVG stroke-dasharray, e.g. `6 3` for a dashed line (default solid). */
  readonly dash?: string;
}

export interface LineChartOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Pixel size (default 640 × 400). */
  readonly width?: number;
  readonly height?: number;
  /** A logarithmic y axis (default: chosen when every y is positive and they span more than a factor 20). */
  readonly logY?: boolean;
}

const MARGIN = { top: 36, right: 16, bottom: 48, left: 64 } as const;

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function finiteExtent(values: ReadonlyArray<ArrayLike<number>>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (Number.isFinite(x)) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

function tickLabel(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(0)
    : String(+v.toPrecision(4));
}

/**
 * A line chart as a standalone SVG document: axes with "nice" ticks (d3-scale), one path per series (d3-shape),
 * a legend, title and axis labels. Non-finite points are left out of the path (a gap).
 */
export function lineChartSvg(series: readonly LineSeries[], options: LineChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  for (const s of series) {
    if (s.x.length !== s.y.length)
      throw new RangeError(`line chart: series "${s.label}" has ${s.x.length} x and ${s.y.length} y values`);
  }
  const [x0, x1] = finiteExtent(series.map((s) => s.x));
  const [y0, y1] = finiteExtent(series.map((s) => s.y));
  const logY = options.logY ?? (y0 > 0 && y1 / y0 > 20);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const xs = scaleLinear().domain([x0, x1]).range([0, plotW]).nice();
  const ys = (logY ? scaleLog().domain([y0, y1]) : scaleLinear().domain([y0, y1])).range([plotH, 0]).nice();
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`,
  ];
  const yTicks = logY ? ys.ticks(6).filter((_, i, all) => all.length <= 8 || i % 3 === 0) : ys.ticks(6);
  for (const t of xs.ticks(8)) {
    const px = xs(t).toFixed(1);
    out.push(
      `<line x1="${px}" x2="${px}" y1="0" y2="${plotH}" stroke="#e5e5e5"/>`,
      `<text x="${px}" y="${plotH + 16}" text-anchor="middle" fill="#444">${escapeXml(tickLabel(t))}</text>`,
    );
  }
  for (const t of yTicks) {
    const py = ys(t).toFixed(1);
    out.push(
      `<line x1="0" x2="${plotW}" y1="${py}" y2="${py}" stroke="#e5e5e5"/>`,
      `<text x="-6" y="${py}" dy="0.32em" text-anchor="end" fill="#444">${escapeXml(tickLabel(t))}</text>`,
    );
  }
  out.push(`<rect width="${plotW}" height="${plotH}" fill="none" stroke="#777"/>`);
  for (const s of series) {
    const d = line<number>()
      .defined((i) => Number.isFinite(s.x[i]!) && Number.isFinite(s.y[i]!) && (!logY || s.y[i]! > 0))
      .x((i) => xs(s.x[i]!))
      .y((i) => ys(s.y[i]!))(Array.from({ length: s.x.length }, (_, i) => i));
    if (d)
      out.push(
        `<path d="${d}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="${s.width ?? 1.5}" stroke-opacity="${s.opacity ?? 1}"${s.dash ? ` stroke-dasharray="${escapeXml(s.dash)}"` : ''} stroke-linejoin="round"/>`,
      );
  }
  series.forEach((s, k) => {
    const y = 8 + k * 16;
    out.push(
      `<line x1="${plotW - 150}" x2="${plotW - 126}" y1="${y}" y2="${y}" stroke="${escapeXml(s.color)}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${escapeXml(s.dash)}"` : ''}/>`,
      `<text x="${plotW - 120}" y="${y}" dy="0.32em" fill="#222">${escapeXml(s.label)}</text>`,
    );
  });
  out.push('</g>');
  if (options.title)
    out.push(
      `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" fill="#111">${escapeXml(options.title)}</text>`,
    );
  if (options.xLabel)
    out.push(
      `<text x="${MARGIN.left + plotW / 2}" y="${height - 10}" text-anchor="middle" fill="#222">${escapeXml(options.xLabel)}</text>`,
    );
  if (options.yLabel)
    out.push(
      `<text transform="translate(16,${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#222">${escapeXml(options.yLabel)}${logY ? ' (log scale)' : ''}</text>`,
    );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
