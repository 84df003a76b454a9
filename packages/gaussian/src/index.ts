export { gaussianModule } from './gaussian-module.js';
export { GAUSSIAN_CHOICES } from './choice-points.js';

// Processes x_t = α_t x0 + σ_t ε
export type { GaussianProcess, Coefficients, CoefficientRates } from './process/gaussian-process.js';
export { AffineGaussianProcess, isGaussianProcess, noiseToSignal } from './process/gaussian-process.js';
export { VpProcess } from './process/vp-process.js';
export { VpContinuousProcess } from './process/vp-continuous-process.js';
export { VeProcess } from './process/ve-process.js';
export { RectifiedFlowProcess } from './process/rectified-flow-process.js';
export {
  vpProcess,
  vpProcessWith,
  vpContinuousProcess,
  vpContinuousProcessWith,
  veProcess,
  rectifiedFlowProcess,
} from './process/process-contributions.js';

// Schedules
export type { BetaSchedule } from './schedules/beta-schedule.js';
export { alphasCumprod, betasFromAlphasCumprod } from './schedules/beta-schedule.js';
export { LinearSchedule } from './schedules/linear-schedule.js';
export { ScaledLinearSchedule } from './schedules/scaled-linear-schedule.js';
export { CosineSchedule, cosineAlphaBar } from './schedules/cosine-schedule.js';
export { AlphasCumprodTable } from './schedules/alphas-cumprod-table.js';
export { rescaleZeroTerminalSnr } from './schedules/zero-terminal-snr.js';
export {
  scheduleRegistry,
  betaSchedules,
  linearSchedule,
  scaledLinearSchedule,
  cosineSchedule,
  alphasCumprodSchedule,
} from './schedules/schedule-contributions.js';
export type { ContinuousAlphaBar } from './schedules/continuous/continuous-alpha-bar.js';
export { VpSdeAlphaBar } from './schedules/continuous/vp-sde-alpha-bar.js';
export { CosineAlphaBar } from './schedules/continuous/cosine-alpha-bar.js';
export {
  continuousScheduleRegistry,
  continuousSchedules,
} from './schedules/continuous/continuous-schedule-contributions.js';

// Parameterizations and the posterior
export type { Parameterization, CleanAndNoise } from './parameterization/parameterization.js';
export { targetOf, convertOutput } from './parameterization/parameterization.js';
export type { GaussianPrediction } from './parameterization/gaussian-prediction.js';
export { epsilonParameterization } from './parameterization/epsilon.js';
export { sampleParameterization } from './parameterization/sample.js';
export { vParameterization } from './parameterization/v.js';
export { scoreParameterization } from './parameterization/score.js';
export { flowParameterization } from './parameterization/flow.js';
export { withLearnedVariance, splitLearnedVariance } from './parameterization/learned-variance.js';
export type { VarianceAxis } from './parameterization/learned-variance.js';
export {
  PARAMETERIZATIONS,
  parameterizationRegistry,
  parameterizationOf,
  parameterizationContribution,
  parameterizationContributions,
  parameterizationsIn,
} from './parameterization/parameterization-registry.js';
export { GaussianPosterior, NULL_LABEL } from './posterior/gaussian-posterior.js';
export { GAUSSIAN_PREDICTION } from './posterior/gaussian-prediction-capability.js';
export type { GaussianPosteriorModel } from './posterior/gaussian-prediction-capability.js';
export type { LabelDropout } from './posterior/gaussian-posterior.js';
export {
  posteriorContribution,
  gaussianPosteriors,
  epsilonPosterior,
  learnedRangePosterior,
  learnedRangePosteriorWith,
  gaussianPosteriorsOf,
  learnedVarianceOutputShape,
} from './posterior/posterior-contributions.js';
export { LearnedVariancePosterior } from './posterior/learned-variance-posterior.js';
export type { LearnedVarianceOptions } from './posterior/learned-variance-posterior.js';

// Steps
export { ddimNoiseMix, ddpmNoiseMix, posteriorNoiseShare } from './steps/ddim-noise-mix.js';
export { DdimStep } from './steps/ddim-step.js';
export type { DdimOptions, PredictionWithEps } from './steps/ddim-step.js';
export { DdpmStep } from './steps/ddpm-step.js';
export {
  PosteriorMeanStep,
  fixedLargeVariance,
  learnedRangeVariance,
  transitionVariance,
  posteriorVariance,
} from './steps/posterior-mean-step.js';
export type { StepLogVariance, VariancePrediction } from './steps/posterior-mean-step.js';
export { DDPM_VARIANCES, ddpmVarianceOf } from './steps/ddpm-variances.js';
export type { DdpmVariance } from './steps/ddpm-variances.js';
export type { X0Processor } from './steps/x0-processor.js';
export { keepX0, clipX0, dynamicThreshold, quantileSorted } from './steps/x0-processor.js';
export { ddpmStep, ddimStep, gaussianProcessFor } from './steps/step-contributions.js';

// Time grids
export type { NoiseLevels } from './time/noise-levels.js';
export { hasNoiseLevels, ContinuousNoiseLevelTime, DiscreteNoiseLevelTime } from './time/noise-levels.js';
export { KarrasGrid, karrasSigmas, KARRAS_SIGMA_MAX, KARRAS_SIGMA_MIN } from './time/karras-grid.js';
export { karrasGrid } from './time/grid-contributions.js';

// PF-ODE samplers
export type { Denoiser, NoiseSource, OdeSolver, OdeStepInput, PerturbInput } from './ode/ode-solver.js';
export { eulerSolver } from './ode/euler.js';
export { createHeunSolver, heunSolver, HEUN_MAX_SIGMA_RATIO } from './ode/heun.js';
export type { HeunOptions } from './ode/heun.js';
export { dpmSolverPp2m } from './ode/dpm-solver-pp-2m.js';
export { sampleOde, denoiserOf } from './ode/sample-ode.js';
export type { SampleOdeOptions } from './ode/sample-ode.js';
export { edmDenoiser } from './ode/edm-denoiser.js';
export {
  odeSolverRegistry,
  odeSolverContribution,
  odeSolverContributions,
} from './ode/solver-contributions.js';
export {
  odeSampler,
  odeSamplerContribution,
  odeSamplers,
  odeSamplersOf,
} from './ode/sampler-contributions.js';

// Reverse-time SDE samplers (seed 002 eq. 46–47, seed 004 §5.4.1)
export { gammaExponentialStep, createGammaSde } from './sde/gamma-exponential.js';
export { createEulerMaruyama } from './sde/euler-maruyama.js';
export type { GammaOptions } from './sde/euler-maruyama.js';
export { createEulerAncestral } from './sde/euler-ancestral.js';
export { createDpmSolverPp2mSde } from './sde/dpm-solver-pp-2m-sde.js';
export { createEdmStochastic } from './sde/edm-stochastic.js';
export type { EdmStochasticOptions } from './sde/edm-stochastic.js';
export { langevinCorrect } from './sde/langevin-corrector.js';
export type { LangevinOptions } from './sde/langevin-corrector.js';
export { createPredictorCorrector } from './sde/predictor-corrector.js';
export {
  sdeSamplers,
  gammaSdeSampler,
  eulerMaruyamaSampler,
  eulerAncestralSampler,
  dpmSolverPp2mSdeSampler,
  edmStochasticSampler,
  predictorCorrectorSampler,
} from './sde/sde-sampler-contributions.js';

// Exact likelihood by the PF-ODE (instantaneous change of variables)
export type { OdeIntegrator, OdeField, OdeState, IntegrationResult } from './likelihood/ode-integrator.js';
export { rk4, dormandPrince } from './likelihood/runge-kutta.js';
export type { AdaptiveOptions } from './likelihood/runge-kutta.js';
export { exactDivergence, hutchinsonDivergence } from './likelihood/divergence.js';
export type { DivergenceEstimator, BatchField } from './likelihood/divergence.js';
export { pfOdeLikelihood, standardNormalLogDensity } from './likelihood/pf-ode-likelihood.js';
export type { PfOdeLikelihoodOptions, PfOdeLikelihoodResult } from './likelihood/pf-ode-likelihood.js';
export { pfOdeLikelihoodEvaluator, EXACT_DIVERGENCE_MAX_DIM } from './likelihood/likelihood-evaluator.js';

// Guidance
export { ClassifierFreeGuidance } from './guidance/classifier-free-guidance.js';
export type { RawOutputModel, GuidanceOptions } from './guidance/classifier-free-guidance.js';
export { ClassifierGuidance } from './guidance/classifier-guidance.js';
export type { ClassifierGradient } from './guidance/classifier-guidance.js';
export { classifierFreeGuidance, guidanceContributions } from './guidance/guidance-contributions.js';
export { RAW_OUTPUT } from './guidance/raw-output-capability.js';
export { classifierGuidance } from './guidance/classifier-guidance-contribution.js';
export { NoisyClassifier, classifierGradient } from './classifier/noisy-classifier.js';
export { NOISY_CLASSIFIER } from './classifier/noisy-classifier-capability.js';
export {
  noisyClassifierObjective,
  noisyClassifierPosterior,
} from './classifier/noisy-classifier-contributions.js';

// Metrics
export { nelbo, VLB_VARIANCES } from './metrics/nelbo.js';
export { gaussianNelboEvaluator } from './metrics/gaussian-nelbo-evaluator.js';
export type { NelboOptions, NelboResult, VlbVariance, VlbPrediction } from './metrics/nelbo.js';
export { equalMassStrata } from './metrics/time-strata.js';
export type { TimeStratum } from './metrics/time-strata.js';
export { nelboTimeMass, vlbEpsilonWeights } from './metrics/nelbo-time-mass.js';
export {
  discretizedGaussianLogLikelihood,
  discretizedGaussianLogLikelihoods,
  approxStandardNormalCdf,
  approxStandardNormalCdfs,
} from './metrics/discretized-gaussian.js';
export { vlbCoefficients, learnedRangeLogVariance, reverseKl } from './metrics/vlb-terms.js';
export type { VlbCoefficients } from './metrics/vlb-terms.js';

// A diffusers-style scheduler from a plain config
export { GaussianScheduler } from './scheduler/gaussian-scheduler.js';
export type { ModelFunction } from './scheduler/gaussian-scheduler.js';

// Seed 004's training-objective template: ω(t), p_time and the (A_t, B_t) of each parameterization
export type { TargetCoefficients, WeightSpace } from './objective/target-coefficients.js';
export { targetCoefficients, spaceFactor, WEIGHT_SPACES } from './objective/target-coefficients.js';
export { snr, diffusionSquared, snrDecay } from './objective/snr.js';
export type { LossWeighting } from './objective/loss-weighting.js';
export type { WeightingDeps } from './objective/weighting-contributions.js';
export {
  constantWeighting,
  snrWeighting,
  minSnrWeighting,
  truncatedSnrWeighting,
  likelihoodWeighting,
  vlbWeighting,
  LOSS_WEIGHTINGS,
  lossWeightingRegistry,
} from './objective/weighting-contributions.js';
export type { TimeDistribution } from './objective/time-distribution.js';
export { UniformTime } from './objective/uniform-time.js';
export { LogNormalTime } from './objective/log-normal-time.js';
export { LogitNormalTime } from './objective/logit-normal-time.js';
export { ImportanceTime } from './objective/importance-time.js';
export type { TimeDistributionDeps } from './objective/time-distribution-contributions.js';
export {
  uniformTime,
  logNormalTime,
  logitNormalTime,
  importanceTime,
  TIME_DISTRIBUTIONS,
  timeDistributionRegistry,
} from './objective/time-distribution-contributions.js';
export { TrainingObjective } from './objective/training-objective.js';
export { posteriorObjectiveMigration } from './objective/posterior-objective-migration.js';
export { weightedDenoisingObjective } from './objective/weighted-denoising-objective.js';
export type { SquaredErrorPosterior } from './objective/weighted-denoising-objective.js';
export {
  weightedDenoisingContribution,
  weightedDenoisingContributionWith,
} from './objective/weighted-denoising-contribution.js';
export { SQUARED_ERROR } from './objective/squared-error-capability.js';

// Progressive distillation (Salimans & Ho 2022)
export type { GaussianPredictor } from './distill/distillation-target.js';
export { ddimMove, distillationTarget } from './distill/distillation-target.js';
export { copyWeights } from './distill/copy-weights.js';
export { distillationObjective } from './distill/distillation-objective.js';
export {
  progressiveDistillationContribution,
  progressiveDistillationContributionWith,
} from './distill/distillation-contribution.js';
export type { DistillationObjectiveOptions } from './distill/distillation-objective.js';
export type {
  DistillModel,
  DistillRoundOptions,
  DistillTrainerOptions,
  DistillRoundSummary,
  ProgressiveDistillationOptions,
} from './distill/progressive-distillation.js';
export {
  distillRound,
  distillationTimes,
  progressiveDistillation,
} from './distill/progressive-distillation.js';
export { distillConfigCodec } from './distill/distill-config.js';
export { distillRun } from './distill/distill-run.js';
export type {
  DistillContext,
  DistillRunOptions,
  DistillRunResult,
  DistillRow,
} from './distill/distill-run.js';
export { distillTable } from './distill/distill-table.js';
export type { DistillColumn } from './distill/distill-table.js';
export { fromDiffusersScheduler } from './diffusers/diffusers-scheduler.js';
export { importDiffusers } from './diffusers/import-diffusers.js';
export type { ImportDiffusersOptions, ImportDiffusersResult } from './diffusers/import-diffusers.js';

// `udm` subcommands this package contributes (CLI_COMMAND)
export { distillCommand } from './commands/distill-command.js';
export { importDiffusersCommand } from './commands/import-diffusers-command.js';
export type { DiffusersSchedulerSections } from './diffusers/diffusers-scheduler.js';
