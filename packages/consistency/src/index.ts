export { consistencyModule, consistencyParameterizationContribution } from './consistency-module.js';
export { SIGMA_DATA, consistencySkip, consistencyOut } from './scalings/consistency-scalings.js';
export { consistencySigmas } from './schedule/consistency-sigmas.js';
export { discretisationSteps, targetDecay } from './schedule/discretisation-schedule.js';
export type { LevelSampling } from './schedule/level-sampling.js';
export { lognormalLevelSampling, uniformLevelSampling } from './schedule/level-sampling.js';
export type { ConsistencyDistance } from './distance/consistency-distance.js';
export {
  l2Distance,
  pseudoHuberDistance,
  pseudoHuberC,
  CONSISTENCY_DISTANCES,
} from './distance/consistency-distance.js';
export { boundarySigma } from './parameterization/boundary-sigma.js';
export {
  consistencyParameterization,
  consistencyScalingsAt,
} from './parameterization/consistency-parameterization.js';
export type { SigmaDenoiser, TimeDenoiser } from './consistency-function/sigma-denoiser.js';
export { sigmaDenoiser } from './consistency-function/sigma-denoiser.js';
export type { TeacherStep } from './teacher/teacher-step.js';
export { eulerTeacherStep, heunTeacherStep, TEACHER_STEPS } from './teacher/teacher-step.js';
export { sampleConsistency, CONSISTENCY_SIGMA_MAX } from './sampler/sample-consistency.js';
export type { SampleConsistencyOptions } from './sampler/sample-consistency.js';
export { consistencySampling, consistencySampler } from './sampler/consistency-sampler.js';
export type { ConsistencyTeacher } from './teacher/consistency-teacher.js';
export {
  CONSISTENCY_TEACHER,
  consistencyTeacher,
  consistencyTeacherModule,
} from './teacher/consistency-teacher.js';
export { TargetNetwork, stopGradient } from './objective/target-network.js';
export type { ConsistencyPair } from './objective/consistency-pairs.js';
export { drawConsistencyPair } from './objective/consistency-pairs.js';
export { consistencyFunctionOf, isConsistencyPosterior } from './objective/consistency-function-of.js';
export { consistencyTraining, gridSigmaMax } from './objective/consistency-training.js';
export type {
  ConsistencyTrainingOptions,
  ConsistencyTrainingObjective,
} from './objective/consistency-training.js';
export { consistencyDistillation } from './objective/consistency-distillation.js';
export type {
  ConsistencyDistillationOptions,
  ConsistencyDistillationObjective,
} from './objective/consistency-distillation.js';
export {
  consistencyTrainingObjective,
  consistencyTrainingObjectiveWith,
  consistencyDistillationObjectiveWith,
} from './objective/objective-contributions.js';
export { CONSISTENCY_CHOICES } from './consistency-choices.js';
export type { LevelWeighting } from './weighting/level-weighting.js';
export { weightedPairLoss } from './weighting/level-weighting.js';
export type { LevelWeightingDeps } from './weighting/level-weighting-contributions.js';
export {
  constantLevelWeighting,
  inverseGapLevelWeighting,
  inverseGapWeights,
  LEVEL_WEIGHTINGS,
  levelWeightingRegistry,
} from './weighting/level-weighting-contributions.js';
