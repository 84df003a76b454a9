import * as t from 'io-ts';
import { numberIn, optional, positiveInt, struct, withDefault, type KindConfig } from '@udm/core';
import { lossWeightingRegistry } from '../objective/weighting-contributions.js';

/**
 * A `{ kind, … }` object passed on as it is: the model it configures validates it with its own registry (errors
 * then name `sample.step` / `sample.grid`).
 */
const kindConfig = new t.Type<KindConfig, KindConfig, unknown>(
  'an object with a "kind" string',
  (u): u is KindConfig =>
    typeof u === 'object' && u !== null && typeof (u as { kind?: unknown }).kind === 'string',
  (u, c) =>
    typeof u === 'object' && u !== null && typeof (u as { kind?: unknown }).kind === 'string'
      ? t.success(u as KindConfig)
      : t.failure(u, c),
  t.identity,
);

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
  /**
   * How the teacher and every student sample (and how a student's checkpoint samples): the conditional step and the
   * grid, chosen like `sample.step` / `sample.grid`. Progressive distillation trains the student for one
   * deterministic DDIM step per two of the teacher's on the uniform grid, so the defaults are DDIM (η = 0) on
   * `linspace`.
   */
  step: withDefault(kindConfig, { kind: 'ddim', eta: 0 }),
  grid: withDefault(kindConfig, { kind: 'linspace' }),
  /** Samples drawn to evaluate each model (default: the run config's `sample.count`). */
  count: optional(positiveInt),
  seed: withDefault(positiveInt, 1),
  /**
   * The decay of the students' EMA θ̄ (as `train.ema`); 0: none. With an EMA the distilled student (its checkpoint,
   * its samples and the next round's teacher) is the averaged weights.
   */
  ema: withDefault(numberIn(0, 1, { hi: true }), 0),
  /** Optimizer steps between the round's checkpoints (`distill-round-<r>.safetensors`, what `--resume` continues). */
  checkpointEvery: withDefault(positiveInt, 100),
});
