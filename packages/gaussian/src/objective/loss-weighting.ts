import type { WeightSpace } from './target-coefficients.js';

/**
 * The time weighting ω(t) of the training objective E_{x0,ε} E_{t∼p_time}[ω(t)‖NN(x_t, t) − (A_t x0 + B_t ε)‖²]
 * (seed 004, § 5.2.2, part C), stated in a space: `output` weights the network's own squared error (the template
 * literally), `epsilon` / `x0` weight ‖ε̂ − ε‖² / ‖x̂0 − x0‖², converted to the output space through the
 * parameterization (seed 004, § 5.3.1), so that one ω means the same objective under every parameterization.
 */
export interface LossWeighting {
  readonly kind: string;
  readonly space: WeightSpace;
  /** ω(t) for each time (float64), in `space`. */
  weights(t: Float64Array): Float64Array;
}
