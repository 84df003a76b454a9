import { capability } from '@udm/core';
import type { SquaredErrorPosterior } from './weighted-denoising-objective.js';

/** A Gaussian posterior whose unweighted squared error per output seed 004's template can weight. */
export const SQUARED_ERROR = capability<SquaredErrorPosterior>({
  name: 'squared-error',
  subject: 'posterior',
  description:
    'the unweighted squared error ‖NN − (A_t x0 + B_t ε)‖² per output (seed 004’s template weights it)',
  providedBy: 'a Gaussian posterior of a parameterization kind (posterior.kind "epsilon", "x0", "v", …)',
  has: (p): p is SquaredErrorPosterior =>
    typeof (p as Partial<SquaredErrorPosterior> | null)?.squaredError === 'function',
});
