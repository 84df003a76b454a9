import {
  evaluateSequenceNelbo,
  type Dataset,
  type SequenceNelboOptions,
  type SequenceNelboResult,
} from '@udm/core';
import type { UniformPosterior } from '../posterior/uniform-posterior.js';

/**
 * The NELBO of held-out sequences under the uniform-state model in bits per character, counted by core's
 * `evaluateSequenceNelbo` exactly as the masked family's is: per sequence the mean of `timesPerSequence`
 * estimates at stratified quantiles f of the clock (t = timeAt(f): τ ~ U(0, 1] in continuous time,
 * t ~ U{0..T−1} in discrete), x_t = F_t(x0, ε), plus the prior term; the total over the non-pad positions.
 */
export function evaluateUniformNelbo(
  posterior: UniformPosterior,
  data: Dataset,
  options: SequenceNelboOptions,
): SequenceNelboResult {
  const process = posterior.process;
  return evaluateSequenceNelbo(
    data,
    (x0, f, rng) => {
      const t = f.map((v) => process.clock.timeAt(v));
      const eps = process.sampleNoise(x0, rng);
      return posterior.sequenceNelbo({ x0, eps, xt: process.forward(x0, eps, t), t });
    },
    options,
  );
}
