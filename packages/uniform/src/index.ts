export { uniformModule } from './uniform-module.js';

// Forward process F_t: q(x_t | x0) = α_t·onehot(x0) + (1 − α_t)/K
export { UniformProcess } from './process/uniform-process.js';
export { UNIFORM_STATE, isUniformState } from './process/uniform-state.js';
export type { UniformStateForward } from './process/uniform-state.js';
export { uniformProcess, uniformProcessWith } from './process/process-contribution.js';

// Transitions, exact posterior q(x_s | x_t, x0) and the reverse step p_θ(x_s | x_t), in float64
export {
  uniformMarginal,
  stepAlpha,
  uniformPosterior,
  reverseProbabilities,
  priorKl,
} from './posterior/transitions.js';

// Posterior G_t and its NELBO
export { UniformPosterior } from './posterior/uniform-posterior.js';
export { continuousNelboTerms, stepKlTerms } from './posterior/nelbo-terms.js';
export { uniformPosteriorContribution } from './posterior/posterior-contribution.js';

// Steps
export { UniformStep } from './sampling/uniform-step.js';
export { uniformAncestralStep } from './sampling/step-contribution.js';

// Evaluation
export { evaluateUniformNelbo } from './eval/evaluate-uniform-nelbo.js';
export { uniformNelboEvaluator, isUniformPosterior } from './eval/uniform-nelbo-evaluator.js';
