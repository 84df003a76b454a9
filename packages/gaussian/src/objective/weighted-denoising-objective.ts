import type { Conditioning, TrainingObjective } from '@udm/core';
import type { GaussianPosterior } from '../posterior/gaussian-posterior.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import type { TrainingObjective as ObjectiveTemplate } from './training-objective.js';

/** The part of a Gaussian posterior seed 004's template weights: its unweighted squared error. */
export type SquaredErrorPosterior = Pick<GaussianPosterior, 'squaredError'>;

/**
 * Seed 004's objective template as a core training objective (`train.objective.kind: "weighted-denoising"`):
 * t ~ p_time, ε ~ q(ε), x_t = F_t(x0, ε), and ω(t)·‖NN − (A_t x0 + B_t ε)‖² with p_time's importance correction.
 * Draws in the order the trainer always used (t, then ε, after the batch), so it gives the numbers the deprecated
 * `posterior.weighting` / `posterior.time` gave (such configs are translated into this objective). An adaptive p_time (importance sampling) is the objective's state:
 * checkpointed, and restored on resume.
 */
export function weightedDenoisingObjective(
  process: GaussianProcess,
  posterior: SquaredErrorPosterior,
  template: ObjectiveTemplate,
): TrainingObjective {
  const time = template.time;
  return {
    kind: 'weighted-denoising',
    loss(batch, rng, options) {
      const n = batch.x0.shape[0]!;
      const t = template.time.sample(n, rng);
      const eps = process.sampleNoise(batch.x0, rng);
      const xt = process.forward(batch.x0, eps, t);
      const cond: Conditioning | undefined = batch.labels ? { labels: batch.labels } : undefined;
      return template.loss(posterior.squaredError({ x0: batch.x0, eps, xt, t }, cond), t, options);
    },
    ...(time.getState && time.setState
      ? {
          getState: () => ({ json: { time: time.getState!() } }),
          setState: (state) => {
            const json = state.json as { time?: unknown } | undefined;
            if (json?.time === undefined)
              throw new Error('train.objective "weighted-denoising": state: expected { time: … }');
            time.setState!(json.time);
          },
        }
      : {}),
  };
}
