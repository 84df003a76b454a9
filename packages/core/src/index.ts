// Contracts (seed 002: F_t, F_t⁻¹, G_t, p(x_s | x_t, x0))
export type { ForwardProcess, InvertibleForward } from './contracts/forward-process.js';
export { isInvertible } from './contracts/forward-process.js';
export type { ForwardSample } from './contracts/forward-sample.js';
export type { PointPrediction } from './contracts/prediction.js';
export type { CategoricalPrediction } from './contracts/categorical-prediction.js';
export { IMPOSSIBLE, pointMassPrediction } from './contracts/categorical-prediction.js';
export type { PosteriorModel, Conditioning } from './contracts/posterior-model.js';
export type { Network, NamedVariables } from './contracts/network.js';
export type { ConditionalStep } from './contracts/conditional-step.js';
export type { Sampler } from './contracts/sampler.js';
export type {
  TrainingObjective,
  ObjectiveLossOptions,
  ObjectiveState,
} from './contracts/training-objective.js';
export { perSample } from './contracts/per-sample.js';

// The seed's three generic corrections
export { FreshNoiseStep } from './corrections/fresh-noise-step.js';
export { InterpolatedNoiseStep, RecoveredNoiseStep } from './corrections/interpolated-noise-step.js';
export type { NoiseMix } from './corrections/noise-mix.js';

// Time
export type { Time } from './time/time.js';
export { timesPerSample, mapTime } from './time/time.js';
export type { TimeDomain } from './time/time-domain.js';
export { DiscreteTime, ContinuousTime } from './time/time-domain.js';
export type { TimeGrid, StepPair } from './time/time-grid.js';
export { stepPairs } from './time/time-grid.js';
export { LeadingGrid, TrailingGrid, LinspaceGrid, ExplicitGrid } from './time/grids.js';
export { StratifiedContinuousTime, StratifiedDiscreteTime } from './time/stratified-time.js';

// Discrete (token) processes: keep schedules α(τ) and clocks, shared second-level choices
export { DISCRETE_CHOICES } from './discrete/discrete-choices.js';
export { KeepScheduledProcess } from './discrete/keep-scheduled-process.js';
export type { KeepSchedule } from './discrete/keep-schedule.js';
export { LinearKeepSchedule } from './discrete/linear-keep-schedule.js';
export { LogLinearKeepSchedule } from './discrete/log-linear-keep-schedule.js';
export { CosineKeepSchedule } from './discrete/cosine-keep-schedule.js';
export {
  keepScheduleRegistry,
  keepSchedules,
  linearKeepSchedule,
  logLinearKeepSchedule,
  cosineKeepSchedule,
} from './discrete/keep-schedule-contributions.js';
export type { ScheduleClock } from './discrete/schedule-clock.js';
export { ContinuousScheduleClock } from './discrete/continuous-schedule-clock.js';
export { DiscreteScheduleClock } from './discrete/discrete-schedule-clock.js';
export {
  scheduleClockRegistry,
  scheduleClocks,
  continuousScheduleClock,
  discreteScheduleClock,
} from './discrete/schedule-clock-contributions.js';

// Randomness
export type { Rng, RngState } from './random/rng.js';
export { SeededRng } from './random/seeded-rng.js';
export { ReplayRng } from './random/replay-rng.js';
export { deriveSeed } from './random/derive-seed.js';
export { randomNormal, randomUniform, permutation } from './random/tensors.js';
export { uniformNoise } from './random/uniform-noise.js';

// Sampling and training
export type { Predictor } from './sampling/predictor.js';
export { sample } from './sampling/sample.js';
export { pointLoopSampler } from './sampling/point-loop-sampler.js';
export type { PointLoop, PointLoopInputs, PointLoopProgress } from './sampling/point-loop-sampler.js';
export type { Guidance } from './contracts/guidance.js';
export { classLabelsCodec, checkClassLabels, classLabelsTensor } from './sampling/class-labels.js';
export type { ClassLabels, LabelledModel } from './sampling/class-labels.js';
export { sampleCategorical } from './sampling/categorical.js';
export type { CategoricalOptions, CategoricalDraw } from './sampling/categorical.js';
export type { SampleOptions, SampleProgress, SampleResult } from './sampling/sample.js';
export { train } from './training/train.js';
export { denoisingObjective } from './training/denoising-objective.js';
export { denoisingObjectiveContribution } from './builtins/objective-contributions.js';
export type { TrainOptions, TrainProgress, TrainSummary } from './training/train.js';
export { Ema } from './training/ema.js';
export { inTrainingMode } from './training/training-mode.js';
export { DivergenceError } from './training/divergence-error.js';
export { OutOfMemoryError, isAllocationFailure, formatBytes } from './training/out-of-memory-error.js';
export {
  estimateTrainStepMemory,
  estimateSampleStepMemory,
  checkMemory,
  bytesFor,
} from './training/memory-estimate.js';
export type { MemoryEstimate } from './training/memory-estimate.js';
export { restoreOptimizer, float32Power, optimizerSlotOrder } from './training/optimizer-state.js';
export { globalNorm, clipByGlobalNorm, firstNonFinite } from './training/gradients.js';
export { backendHasKernel, EMA_UPDATE, SUM_OF_SQUARES } from './training/fused-training-kernels.js';
export { AdamW } from './training/adamw.js';
export type { LearningRateAt } from './training/adamw.js';
export { ScheduledSgd } from './training/scheduled-sgd.js';
export { learningRateFactor, learningRateScheduleCodec } from './training/learning-rate-schedule.js';
export type { LearningRateSchedule, LearningRateDecay } from './training/learning-rate-schedule.js';
export type { TrainingState, CheckpointSink, NamedTensor } from './training/training-state.js';

// Data
export type { Dataset, DataBatch, DataSplit, DataDecoder } from './data/dataset.js';
export { ArrayDataset } from './data/array-dataset.js';
export type { ArrayDatasetOptions } from './data/array-dataset.js';
export { DataError } from './data/data-error.js';
export { validateDataset, checkItemShape, firstInvalidValue } from './data/validate-dataset.js';
export type { ValueRange } from './data/validate-dataset.js';
export { randomBatch } from './data/random-batches.js';
export { valueRange } from './data/value-range.js';
export { CONFIG_FILES } from './data/config-files.js';
export type { ConfigFiles, ConfigFile, ConfigFileOptions } from './data/config-files.js';
export { CHECKPOINT_MODELS } from './checkpoint/checkpoint-models.js';
export type { CheckpointModels } from './checkpoint/checkpoint-models.js';

// Metrics
export { slicedWasserstein } from './metrics/sliced-wasserstein.js';
export { mmd2 } from './metrics/mmd.js';
export { frechetDistance } from './metrics/frechet-distance.js';
export { symmetricEigen, sqrtPsd } from './metrics/symmetric-eigen.js';

// Configuration
export { ConfigError } from './config/config-error.js';
export { decodeOrThrow } from './config/decode.js';
export { reportErrors, pathOf } from './config/report.js';
export { showValue } from './config/show-value.js';
export {
  finiteNumber,
  positiveInt,
  nonNegativeInt,
  oddPositiveInt,
  numberIn,
  intIn,
  SIZE_LIMITS,
  timeStepCount,
  exampleCount,
  layerWidth,
} from './config/numbers.js';
export { booleanCodec, stringCodec, nonEmptyString } from './config/primitives.js';
export {
  pluginReferenceCodec,
  isPackageName,
  isFileSpecifier,
  describePluginReference,
} from './config/plugin-reference.js';
export type { PluginReference } from './config/plugin-reference.js';
export { struct, required, withDefault, optional, literal, oneOf, arrayOf } from './config/struct.js';
export type { Codec, Field, Fields, StructOf } from './config/struct.js';
export { structFieldsOf, kindsOf } from './config/codec-info.js';

// Composition (DI)
export type { Contribution, KindConfig } from './di/contribution.js';
export { contribution } from './di/contribution.js';
export { Registry } from './di/registry.js';
export { TOKENS, EXTENSION_POINTS } from './di/extension-points.js';
export type {
  ProcessDeps,
  NetworkDeps,
  PosteriorDeps,
  StepDeps,
  SamplerDeps,
  GuidanceDeps,
  DatasetDeps,
  ProcessContribution,
  NetworkContribution,
  PosteriorContribution,
  StepContribution,
  SamplerContribution,
  GuidanceContribution,
  GridContribution,
  DatasetContribution,
  OptimizerContribution,
  OptimizerDeps,
  ObjectiveContribution,
  ObjectiveDeps,
} from './di/extension-points.js';
export { createContainer, registriesOf } from './di/registries.js';
export { definePlugin, isPluginModule } from './di/plugin.js';
export { choicePoint, choiceRegistry, CHOICE_POINTS } from './di/choice-point.js';
export type { ChoicePoint, ContributionSource } from './di/choice-point.js';
export type { PluginContext } from './di/plugin.js';
export { ContainerModule, Container } from 'inversify';
export type { ServiceIdentifier, ContainerModuleLoadOptions } from 'inversify';
export type { Registries } from './di/registries.js';
export type { UdmConfig, TrainConfig, SampleConfig } from './di/udm-config.js';
export { createUdm, resolveConfig, configCodecOf, type ResolveOptions } from './di/create-udm.js';
export {
  CONFIG_MIGRATION,
  migrateConfig,
  migrationsOf,
  type ConfigMigration,
  type ConfigWarn,
  type MigratedConfig,
  type RawConfig,
} from './di/config-migration.js';
export { Udm } from './di/udm.js';
export type { UdmTrainOptions, UdmSampleOptions, TrainingSnapshot } from './di/udm.js';
export { coreModule } from './builtins/core-module.js';
export { ancestralSampler } from './builtins/sampler-contributions.js';
export { requireInvertible } from './builtins/require-invertible.js';

// Capabilities: what parts declare and need of each other
export type { Capability, CapabilitySubject } from './capabilities/capability.js';
export {
  capability,
  describeCapability,
  requireCapability,
  missingCapability,
  declares,
} from './capabilities/capability.js';
export type {
  CapabilityParts,
  CapabilityKinds,
  CapabilityDeclarations,
} from './capabilities/requirements.js';
export {
  unmetRequirements,
  checkRequirements,
  satisfiesDeclared,
  checkProvided,
} from './capabilities/requirements.js';
export type {
  AffineGaussianForward,
  RatedGaussianForward,
  Coefficients,
  CoefficientRates,
} from './capabilities/affine-gaussian.js';
export {
  AFFINE_GAUSSIAN,
  COEFFICIENT_RATES,
  hasAffineGaussian,
  hasCoefficientRates,
} from './capabilities/affine-gaussian.js';
export type { DiscreteTimeForward } from './capabilities/process-capabilities.js';
export { INVERTIBLE, DISCRETE_TIME } from './capabilities/process-capabilities.js';
export type {
  TokenDecoder,
  TokenDataset,
  TokenSplit,
  DecodableSplit,
  CategoricalSplit,
} from './capabilities/data-capabilities.js';
export {
  TOKEN_DATA,
  DECODABLE_DATA,
  CATEGORICAL_DATA,
  IMAGE_DATA,
  LABELLED_DATA,
  isTokenDataset,
} from './capabilities/data-capabilities.js';

// Evaluation extension points: evaluators (`udm eval`), sample-quality yardsticks, sample writers (`udm sample`)
export { EVALUATOR, evaluatorsOf } from './evaluation/evaluator.js';
export type { Evaluator, EvalContext, EvalValues } from './evaluation/evaluator.js';
export { SAMPLE_QUALITY, sampleQualitiesFor, combinedScorer } from './evaluation/sample-quality.js';
export type { SampleQuality, SampleQualityContext, SampleScorer } from './evaluation/sample-quality.js';
export { SAMPLE_WRITER, sampleWritersFor } from './evaluation/sample-writer.js';
export type { SampleWriter, SampleWriterContext, WrittenSamples } from './evaluation/sample-writer.js';
export { textSampleWriter } from './evaluation/text-sample-writer.js';
export { evaluateSequenceNelbo } from './evaluation/sequence-nelbo.js';
export { sequenceNelboEvaluator } from './evaluation/sequence-nelbo-evaluator.js';
export type { SequenceNelboEvaluatorSpec } from './evaluation/sequence-nelbo-evaluator.js';
export type {
  SequenceNelboEstimate,
  SequenceNelboOptions,
  SequenceNelboResult,
} from './evaluation/sequence-nelbo.js';
export { evaluatePoints } from './evaluation/evaluate-points.js';
export type { PointMetrics } from './evaluation/evaluate-points.js';
export { pointDistanceEvaluator } from './evaluation/point-distance-evaluator.js';
export { pointSampleQuality } from './evaluation/point-sample-quality.js';
export { pointMetricsModule } from './evaluation/point-metrics-module.js';

// The command-line extension point: `udm` subcommands contributed by a package or plugin
export { CLI_COMMAND, checkCommand, commandsOf, defineCommand } from './commands/cli-command.js';
export type {
  CliCommand,
  CommandArgument,
  CommandOption,
  CommandSpec,
  CommandValues,
  OptionValue,
} from './commands/cli-command.js';
export type {
  CheckpointModel,
  CommandContext,
  ProgressMode,
  ProgressReporter,
  StoredCheckpoint,
} from './commands/command-context.js';
export { intOption } from './commands/int-option.js';
export { applyConfigSets, parseConfigSet } from './config/config-set.js';
export type { ConfigSet } from './config/config-set.js';
