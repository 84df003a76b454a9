export { readExampleConfig } from './read-example-config.js';
export { trainAndReport, type TrainAndReportOptions, type TrainingReport } from './train-and-report.js';
export { decodeRows, type DecodedRows } from './decode-rows.js';
export { sampleStatistics, type SampleStatistics } from './sample-statistics.js';
export { scoreRunMain, type ScoreRunOptions } from './score-run.js';
export { runMain } from './run-main.js';
