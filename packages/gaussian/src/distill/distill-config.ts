import { numberIn, optional, positiveInt, struct, withDefault } from '@udm/core';
import { lossWeightingRegistry } from '../objective/weighting-contributions.js';

/** The config of a progressive-distillation run (`udm distill --config`); every field has a default. */
export const distillConfigCodec = struct('distill config', {
  /** The teacher's sampling steps N at the start (halved each round). */
  teacherSteps: withDefault(positiveInt, 64),
  rounds: withDefault(positiveInt, 3),
  /** Optimizer steps per round. */
  stepsPerRound: withDefault(positiveInt, 1000),
  batchSize: withDefault(positiveInt, 256),
  learningRate: withDefault(numberIn(0, Infinity, { lo: true }), 5e-4),
  /** ω(t) on ‖x̃ − x̂0‖² (the paper's truncated SNR). */
  weighting: withDefault(lossWeightingRegistry.codec(), { kind: 'truncated-snr' }),
  /** Samples drawn to evaluate each model (default: the run config's `sample.count`). */
  count: optional(positiveInt),
  seed: withDefault(positiveInt, 1),
});
