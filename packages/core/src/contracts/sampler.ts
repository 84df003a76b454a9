import type * as tf from '@tensorflow/tfjs';
import type { SampleOptions, SampleResult } from '../sampling/sample.js';

/**
 * A whole sampling loop from x_T down to the origin over the grid's moves t → s: the generic step-by-step
 * ancestral loop (seed 002, §7.3: x̂0 = G_t(x_t), then the configured `ConditionalStep`), or a solver of another
 * kind (e.g. a probability-flow ODE solver, seed 004). Chosen by `sample.sampler.kind`; core's `ancestral` is the
 * default. A sampler that does not use `options.step` says so with `usesStep: false` (the step is still built).
 */
export interface Sampler<X extends tf.Tensor = tf.Tensor> {
  /** Whether `sample` draws each move with `options.step` (the configured `sample.step`). */
  readonly usesStep: boolean;
  sample(options: SampleOptions<X, unknown>): SampleResult<X>;
}
