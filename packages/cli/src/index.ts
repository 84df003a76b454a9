export { trainRun } from './api/train-run.js';
export type { TrainRunOptions, TrainRunResult } from './api/train-run.js';
export { withOverrides } from './api/with-overrides.js';
export type { ConfigOverrides } from './api/with-overrides.js';
export { applyConfigSets, parseConfigSet } from './api/config-set.js';
export type { ConfigSet } from './api/config-set.js';
export { resumeRun } from './api/resume-run.js';
export type { ResumeRunOptions, ResumeRunResult } from './api/resume-run.js';
export type { TrainingLoopOptions } from './api/run-training.js';
export { RunDivergedError } from './api/run-diverged-error.js';
export {
  availableMemoryBytes,
  checkTrainingMemory,
  checkSamplingMemory,
  estimateSamplingMemory,
  type SamplingMemoryOptions,
} from './api/memory-check.js';
export { heldOutLoss } from './api/held-out-loss.js';
export { sampleRun } from './api/sample-run.js';
export type { SampleRecord, SampleRunOptions, SampleRunResult } from './api/sample-run.js';
export { defaultModules } from './api/default-modules.js';
export { checkpointContents, encodeCheckpoint } from './checkpoint/encode-checkpoint.js';
export type { CheckpointContents } from './checkpoint/encode-checkpoint.js';
export { saveCheckpoint, loadCheckpoint, CHECKPOINT_FORMAT } from './checkpoint/checkpoint-file.js';
export { decodeCheckpoint } from './checkpoint/decode-checkpoint.js';
export type { LoadedCheckpoint, CheckpointMeta } from './checkpoint/checkpoint-file.js';
export { CheckpointError } from './checkpoint/checkpoint-error.js';
export { restoreCheckpoint, createFromCheckpoint } from './checkpoint/restore-checkpoint.js';
export { staleTempFiles, removeStaleTempFiles } from './checkpoint/stale-temp-files.js';
export { scatterPng } from './plot/scatter-png.js';
export type { ScatterSeries, ScatterOptions } from './plot/scatter-png.js';
export { imageGridPng } from './plot/image-grid-png.js';
export type { ImageGridOptions } from './plot/image-grid-png.js';
export {
  classGridPng,
  labelledImageGridPng,
  labelledImageGridSvg,
  LABEL_STRIP,
} from './plot/labelled-image-grid.js';
export type { LabelledImageGridOptions } from './plot/labelled-image-grid.js';
export { createReporter } from './progress/reporter.js';
export type { ProgressMode, ProgressReporter } from './progress/reporter.js';
export { RunDirectory } from './run/run-directory.js';
export { evalRun } from './api/eval-run.js';
export type { EvalRunOptions, EvalRunResult, EvalEntry } from './api/eval-run.js';
export { compareRuns, plotRun } from './api/plot-run.js';
export type { CompareRunsOptions } from './api/plot-run.js';
export type { PlotRunOptions, PlotRunResult } from './api/plot-run.js';
export { modelFromCheckpoint, checkpointFile } from './api/model-from-checkpoint.js';
export {
  checkpointModels,
  checkpointModelsModule,
  modelFilesModule,
  UserFieldFiles,
} from './checkpoint/checkpoint-models.js';
export { lineChartSvg } from './plot/line-chart-svg.js';
export type { LineSeries, LineChartOptions } from './plot/line-chart-svg.js';
export { lossCurvesSvg, lossCurveSvg, smoothedLoss } from './plot/loss-curve.js';
export { svgToPng } from './plot/svg-to-png.js';
export { scatterSvg } from './plot/scatter-svg.js';
export type { ScatterSvgOptions } from './plot/scatter-svg.js';
export { readMetrics } from './run/read-metrics.js';
export type { MetricsRecord } from './run/read-metrics.js';
export { configReferenceMarkdown, pluginConfigReferenceMarkdown } from './docs/config-reference.js';
export type { ReferencePlugin } from './docs/config-reference.js';
export { cliReferenceMarkdown, helpText } from './docs/cli-reference.js';
export { createProgram } from './program.js';
export { commandContext } from './api/command-context.js';
export type { CommandContextOptions } from './api/command-context.js';
export { autoencoderRun } from './api/autoencoder-run.js';
export type { AutoencoderRunOptions, AutoencoderRunResult } from './api/autoencoder-run.js';
