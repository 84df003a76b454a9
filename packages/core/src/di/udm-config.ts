import type * as t from 'io-ts';
import { nonNegativeInt, numberIn, positiveInt, timeStepCount } from '../config/numbers.js';
import { booleanCodec, stringCodec } from '../config/primitives.js';
import { pluginReferenceCodec, type PluginReference } from '../config/plugin-reference.js';
import { arrayOf, optional, required, struct, withDefault } from '../config/struct.js';
import { classLabelsCodec, type ClassLabels } from '../sampling/class-labels.js';
import type { KindConfig } from './contribution.js';

/** A resolved run config: every pluggable part chosen by `kind`, with defaults applied. */
export interface UdmConfig {
  /**
   * The plugins the config needs besides the bundled ones (npm packages or module files), loaded by the application
   * before the rest of the config is decoded, and recorded with a run so that it samples and resumes without flags.
   */
  readonly plugins?: readonly PluginReference[];
  readonly seed: number;
  readonly data: KindConfig;
  readonly process: KindConfig;
  readonly network: KindConfig;
  readonly posterior: KindConfig;
  readonly train: TrainConfig;
  readonly sample: SampleConfig;
}

export interface TrainConfig {
  readonly steps: number;
  /** Examples per micro-batch. */
  readonly batchSize: number;
  /** Gradient accumulation: micro-batches per optimizer step (effective batch `accumulate · batchSize`). */
  readonly accumulate: number;
  readonly optimizer: KindConfig;
  /** What each training step computes (default `{ kind: 'denoising' }`). */
  readonly objective: KindConfig;
  /** EMA decay of the weights; 0 disables the EMA. */
  readonly ema: number;
  readonly checkpointEvery: number;
  readonly gradClipNorm?: number;
  /**
   * Checkpoints kept besides the last one (`checkpoint.safetensors`): a copy every `checkpointEvery` steps in
   * `checkpoints/step-<n>.safetensors`, the newest `keepCheckpoints` of them; 0 keeps only the last.
   */
  readonly keepCheckpoints: number;
  /** Measure the loss on held-out data every n steps (into metrics.jsonl as `heldOutLoss`); absent: never. */
  readonly validateEvery?: number;
  /** Held-out examples per measurement (the first ones, with fixed t and noise each time). */
  readonly validationExamples: number;
}

export interface SampleConfig {
  /** The sampling loop (default `{ kind: 'ancestral' }`: step by step with `step`). */
  readonly sampler: KindConfig;
  readonly step: KindConfig;
  readonly grid: KindConfig;
  /** Number of sampler steps (moves t → s). */
  readonly steps: number;
  /** Number of samples to draw. */
  readonly count: number;
  /** Sample with the EMA weights when the checkpoint has them. */
  readonly useEma: boolean;
  /** Class labels y of a class-conditional model: one for all samples, or one per sample; absent: unconditional. */
  readonly labels?: ClassLabels;
  /** Guidance (e.g. `{ kind: 'classifier-free', scale: 3 }`); absent: the posterior as it is. */
  readonly guidance?: KindConfig;
}

/** The codecs of each extension point, from the registries of the loaded modules. */
export interface PointCodecs {
  readonly data: t.Type<KindConfig, unknown, unknown>;
  readonly process: t.Type<KindConfig, unknown, unknown>;
  readonly network: t.Type<KindConfig, unknown, unknown>;
  readonly posterior: t.Type<KindConfig, unknown, unknown>;
  readonly step: t.Type<KindConfig, unknown, unknown>;
  readonly sampler: t.Type<KindConfig, unknown, unknown>;
  readonly guidance: t.Type<KindConfig, unknown, unknown>;
  readonly grid: t.Type<KindConfig, unknown, unknown>;
  readonly optimizer: t.Type<KindConfig, unknown, unknown>;
  readonly objective: t.Type<KindConfig, unknown, unknown>;
}

/** The whole config codec, assembled from the registered kinds. */
export function udmConfigCodec(points: PointCodecs): t.Type<UdmConfig, unknown, unknown> {
  const trainCodec = struct('train config', {
    steps: withDefault(positiveInt, 2000),
    batchSize: withDefault(positiveInt, 256),
    accumulate: withDefault(positiveInt, 1),
    optimizer: withDefault(points.optimizer, { kind: 'adam' }),
    objective: withDefault(points.objective, { kind: 'denoising' }),
    ema: withDefault(numberIn(0, 1, { hi: true }), 0.999),
    checkpointEvery: withDefault(positiveInt, 1000),
    gradClipNorm: optional(numberIn(0, Infinity, { lo: true })),
    keepCheckpoints: withDefault(nonNegativeInt, 0),
    validateEvery: optional(positiveInt),
    validationExamples: withDefault(positiveInt, 512),
  });
  const sampleCodec = struct('sample config', {
    sampler: withDefault(points.sampler, { kind: 'ancestral' }),
    step: required(points.step),
    grid: withDefault(points.grid, { kind: 'linspace' }),
    steps: withDefault(timeStepCount, 50),
    count: withDefault(positiveInt, 1000),
    useEma: withDefault(booleanCodec, true),
    labels: optional(classLabelsCodec),
    guidance: optional(points.guidance),
  });
  return struct('udm config', {
    $schema: optional(stringCodec),
    plugins: optional(arrayOf(pluginReferenceCodec)),
    seed: withDefault(nonNegativeInt, 0),
    data: required(points.data),
    process: required(points.process),
    network: required(points.network),
    posterior: required(points.posterior),
    train: withDefault(trainCodec, {}),
    sample: required(sampleCodec),
  }) as unknown as t.Type<UdmConfig, unknown, unknown>;
}
