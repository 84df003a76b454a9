export { maskedModule } from './masked-module.js';

// Deprecated aliases: the keep schedules α(τ), clocks, noise and categorical prediction now live in @udm/core
export {
  LinearMaskSchedule,
  LogLinearMaskSchedule,
  CosineMaskSchedule,
  maskScheduleRegistry,
  maskSchedules,
  linearMaskSchedule,
  logLinearMaskSchedule,
  cosineMaskSchedule,
  ContinuousMaskClock,
  DiscreteMaskClock,
  maskClockRegistry,
  maskClocks,
  continuousClock,
  discreteClock,
} from './deprecated-aliases.js';
export type { MaskSchedule, MaskClock, MaskedPrediction } from './deprecated-aliases.js';
export {
  StratifiedContinuousTime,
  StratifiedDiscreteTime,
  uniformNoise,
  IMPOSSIBLE,
  pointMassPrediction,
} from '@udm/core';

// Forward process F_t
export { MaskingProcess } from './process/masking-process.js';
export { maskedProcess, maskedProcessWith } from './process/process-contributions.js';

// Posterior G_t
export { SubsPosterior, type SubsOptions } from './posterior/subs-posterior.js';
export { trailingPaddingBias } from './posterior/trailing-padding.js';
export type { MaskedObjective } from './posterior/masked-objective.js';
export { nelboObjective } from './posterior/nelbo-objective.js';
export { crossEntropyObjective } from './posterior/cross-entropy-objective.js';
export { MASKED_CHOICES } from './posterior/masked-choices.js';
export {
  subsPosterior,
  subsPosteriorWith,
  MASKED_OBJECTIVES,
  maskedObjectiveRegistry,
  nelboObjectiveContribution,
  crossEntropyObjectiveContribution,
  countNelboObjectiveContribution,
} from './posterior/posterior-contributions.js';

// Steps p(x_s | x_t, x̂0)
export { sampleCategorical } from '@udm/core';
export type { CategoricalOptions, CategoricalDraw } from '@udm/core';
export type { RevealRule, RevealContext, Reveal } from './sampling/reveal-rule.js';
export { unmaskProbability, unmaskCount } from './sampling/reveal-rule.js';
export { ancestralRule } from './sampling/ancestral-rule.js';
export { lowConfidenceRule } from './sampling/low-confidence-rule.js';
export { randomRule } from './sampling/random-rule.js';
export { MaskedStep } from './sampling/masked-step.js';
export { ResampleStep } from './sampling/resample-step.js';
export type { MaskedStepOptions } from './sampling/masked-step.js';
export {
  maskedAncestralStep,
  maskedLowConfidenceStep,
  maskedRandomStep,
  maskedResampleStep,
} from './sampling/step-contributions.js';

// Lower-variance NELBO: k ~ U{1..L} masked tokens with weight L/k
export { countMask } from './estimator/count-mask.js';
export { countNelbo } from './estimator/count-nelbo.js';
export { countNelboObjective } from './estimator/count-nelbo-objective.js';
export { timeEstimator, countEstimator } from './estimator/nelbo-estimator.js';
export type { NelboEstimator } from './estimator/nelbo-estimator.js';

// Evaluation and infilling
export { evaluateNelbo } from './eval/evaluate-nelbo.js';
export { maskedNelboEvaluator, isSubsPosterior } from './eval/masked-nelbo-evaluator.js';
export { textSampleWriter } from '@udm/core';
export { ABSORBING_MASK, isAbsorbingMask } from './process/absorbing-mask.js';
export type { AbsorbingMaskForward } from './process/absorbing-mask.js';
export type { NelboOptions, NelboResult } from './eval/evaluate-nelbo.js';
export { ngramFrequencies, ngramDistance, ngramBaselineBits } from './eval/ngram-stats.js';
export type { NgramOptions, BaselineOptions } from './eval/ngram-stats.js';
export { textBaselines, ngramDistances, kneserNeyBaselines } from './eval/text-baselines.js';
export { KneserNey } from './eval/kneser-ney.js';
export type { KneserNeyOptions, KnDiscounts } from './eval/kneser-ney.js';
export { kneserNeyBaseline } from './eval/kneser-ney-baseline.js';
export type { KneserNeyBaseline, KneserNeyBaselineOptions } from './eval/kneser-ney-baseline.js';
export type { TextBaselines, TokenSequences } from './eval/text-baselines.js';
export { infill } from './infill.js';
export type { InfillOptions } from './infill.js';
