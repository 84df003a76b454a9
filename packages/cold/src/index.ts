export { coldModule } from './cold-module.js';
export { COLD_CHOICES } from './choice-points.js';

// Degradations D(x, t)
export type { Degradation, PerSampleDegradation } from './degradations/degradation.js';
export { checkLevel, degradesPerSample } from './degradations/degradation.js';
export { degradeEach } from './degradations/degrade-each.js';
export { gaussianKernel1d } from './degradations/gaussian-kernel.js';
export type { Padding, PaddingName } from './degradations/padding.js';
export { PADDINGS, reflectPadding, edgePadding, circularPadding, padAxis } from './degradations/padding.js';
export { SeparableBlur } from './degradations/separable-blur.js';
export { CumulativeBlur, BLUR_MATRIX_MAX_SIDE } from './degradations/cumulative-blur.js';
export type { AxisOperator } from './degradations/separable-operator.js';
export { convolutionMatrix, SeparableOperatorChain } from './degradations/separable-operator.js';
export { Pixelate, commonBlockSizes } from './degradations/pixelate.js';
export { GrowingMask } from './degradations/growing-mask.js';
export { FadeToMean } from './degradations/fade.js';
export { exponentialStd } from './degradations/exponential-std.js';
export { inpaintDegradation, fadeDegradation } from './degradations/more-degradation-contributions.js';
export type { StdSchedule } from './degradations/std-schedules.js';
export { stdScheduleRegistry, stdSchedules, constantStd, linearStd } from './degradations/std-schedules.js';
export type { DegradationDeps } from './degradations/degradation-contributions.js';
export {
  degradationRegistry,
  gaussianBlurDegradation,
  gaussianBlurDegradationWith,
  pixelateDegradation,
} from './degradations/degradation-contributions.js';

// The process F_t(x0, ε) = D(x0, t) and its prior
export { ColdProcess } from './process/cold-process.js';
export { DEGRADATION } from './process/degrading.js';
export type { DegradingForward } from './process/degrading.js';
export { coldProcess, coldProcessWith } from './process/process-contributions.js';
export type { ColdPrior } from './prior/cold-prior.js';
export { DegradedDataPrior } from './prior/degraded-data-prior.js';
export type { DegradedPriorOptions } from './prior/degraded-data-prior.js';
export { GaussianMixture } from './prior/gaussian-mixture.js';
export type { GaussianComponent, MixtureFitOptions } from './prior/gaussian-mixture.js';
export { kMeans } from './prior/k-means.js';
export { cholesky } from './prior/cholesky.js';

// G_t
export { ColdPosterior } from './posterior/cold-posterior.js';
export type { PointLoss, PointLossName } from './posterior/point-loss.js';
export { POINT_LOSSES, l1Loss, l2Loss } from './posterior/point-loss.js';
export { coldPosterior } from './posterior/posterior-contributions.js';

// Steps
export { ImprovedColdStep } from './steps/improved-cold-step.js';
export { improvedColdStep } from './steps/step-contributions.js';
