import type { MetricsRecord } from '../run/read-metrics.js';
import { lineChartSvg, type LineSeries } from './line-chart-svg.js';

/** The logged losses smoothed by a trailing mean over `window` records (the curve the eye wants). */
export function smoothedLoss(records: readonly MetricsRecord[], window: number): Float64Array {
  const out = new Float64Array(records.length);
  let sum = 0;
  let count = 0;
  records.forEach((r, i) => {
    if (Number.isFinite(r.loss)) {
      sum += r.loss;
      count++;
    }
    const old = records[i - window];
    if (old && Number.isFinite(old.loss)) {
      sum -= old.loss;
      count--;
    }
    out[i] = count > 0 ? sum / count : NaN;
  });
  return out;
}

/**
 * The loss curve of a run as SVG against the step: the logged loss, and with more than 40 records, the loss drawn
 * light under its trailing mean over 1/20 of the records; the held-out loss (`heldOutLoss`, `train.validateEvery`)
 * when measured.
 */
export function lossCurveSvg(
  records: readonly MetricsRecord[],
  title = 'training loss',
  options: { readonly logY?: boolean } = {},
): string {
  if (records.length === 0) throw new Error('loss curve: metrics.jsonl has no records');
  const steps = records.map((r) => r.step);
  const losses = records.map((r) => r.loss);
  const window = Math.round(records.length / 20);
  const series: LineSeries[] =
    window < 2
      ? [{ label: 'loss', x: steps, y: losses, color: '#d62728', width: 2 }]
      : [
          { label: 'loss', x: steps, y: losses, color: '#1f77b4', opacity: 0.35, width: 1 },
          {
            label: `mean of ${window}`,
            x: steps,
            y: smoothedLoss(records, window),
            color: '#d62728',
            width: 2,
          },
        ];
  const held = records.filter((r) => Number.isFinite(r['heldOutLoss']));
  if (held.length > 0)
    series.push({
      label: 'held-out loss',
      x: held.map((r) => r.step),
      y: held.map((r) => r['heldOutLoss']!),
      color: '#2ca02c',
      width: 2,
    });
  return lineChartSvg(series, {
    title,
    xLabel: 'step',
    yLabel: 'loss',
    ...(options.logY !== undefined ? { logY: options.logY } : {}),
  });
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

/**
 * Several runs on one chart: each run's loss as its trailing mean over 1/20 of its records (solid), and its held-out
 * loss when measured (dashed, same colour).
 */
export function lossCurvesSvg(
  runs: ReadonlyArray<{ readonly label: string; readonly records: readonly MetricsRecord[] }>,
  options: { readonly title?: string; readonly logY?: boolean } = {},
): string {
  if (runs.length === 0) throw new Error('loss curves: no runs');
  const series: LineSeries[] = [];
  runs.forEach(({ label, records }, k) => {
    if (records.length === 0) throw new Error(`loss curves: ${label} has no records`);
    const color = PALETTE[k % PALETTE.length]!;
    const window = Math.max(1, Math.round(records.length / 20));
    series.push({
      label: window > 1 ? `${label} (mean of ${window})` : label,
      x: records.map((r) => r.step),
      y: smoothedLoss(records, window),
      color,
      width: 2,
    });
    const held = records.filter((r) => Number.isFinite(r['heldOutLoss']));
    if (held.length > 0)
      series.push({
        label: `${label} held-out`,
        x: held.map((r) => r.step),
        y: held.map((r) => r['heldOutLoss']!),
        color,
        width: 2,
        dash: '6 3',
      });
  });
  return lineChartSvg(series, {
    title: options.title ?? 'training loss',
    xLabel: 'step',
    yLabel: 'loss',
    ...(options.logY !== undefined ? { logY: options.logY } : {}),
  });
}
