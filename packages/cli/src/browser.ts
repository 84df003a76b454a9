// The browser-safe part of @udm/cli (`@udm/cli/browser`): reading a checkpoint from bytes and restoring it into a
// model, without Node's file system. The file-based API (loadCheckpoint, sampleRun, …) stays in the main entry.
export { decodeCheckpoint, CHECKPOINT_FORMAT } from './checkpoint/decode-checkpoint.js';
export type { LoadedCheckpoint, CheckpointMeta } from './checkpoint/decode-checkpoint.js';
export { CheckpointError } from './checkpoint/checkpoint-error.js';
export { checkpointContents, encodeCheckpoint } from './checkpoint/encode-checkpoint.js';
export type { CheckpointContents } from './checkpoint/encode-checkpoint.js';
export { restoreCheckpoint, createFromCheckpoint } from './checkpoint/restore-checkpoint.js';

// Figures as SVG text (d3-scale, d3-shape; no Node module): what `udm sample` and `udm plot` draw, for a page too.
export { lineChartSvg } from './plot/line-chart-svg.js';
export type { LineChartOptions, LineSeries } from './plot/line-chart-svg.js';
export { lossCurveSvg, lossCurvesSvg, smoothedLoss } from './plot/loss-curve.js';
export { scatterSvg } from './plot/scatter-svg.js';
export type { ScatterSvgOptions } from './plot/scatter-svg.js';
export type { ScatterSeries } from './plot/scatter-png.js';
export type { MetricsRecord } from './run/read-metrics.js';
