import type * as tf from '@tensorflow/tfjs';
import {
  AFFINE_GAUSSIAN,
  contribution,
  literal,
  numberIn,
  pointLoopSampler,
  required,
  requireCapability,
  struct,
  withDefault,
  type PointPrediction,
  type Predictor,
  type Sampler,
  type SamplerDeps,
} from '@udm/core';
import type { GaussianProcess } from '@udm/gaussian';
import { CONSISTENCY_SIGMA_MAX, sampleConsistency } from './sample-consistency.js';

/** A `Sampler` running multistep consistency sampling (`sample.step` is not used). */
export function consistencySampling(process: GaussianProcess, sigmaMax = CONSISTENCY_SIGMA_MAX): Sampler {
  return pointLoopSampler(
    (options, onMove) =>
      sampleConsistency({
        process,
        predictor: options.predictor as Predictor<tf.Tensor, PointPrediction>,
        pairs: options.pairs,
        shape: options.shape,
        rng: options.rng,
        sigmaMax,
        ...(options.xT ? { xT: options.xT } : {}),
        ...(options.cond ? { cond: options.cond } : {}),
        onStep: onMove,
      }).x0,
  );
}

/** `sample.sampler.kind: "consistency"`: one evaluation of f per step of `sample.grid`, renoising in between. */
export const consistencySampler = contribution({
  kind: 'consistency',
  description:
    'multistep consistency sampling: x̂0 = f(x_t, t), then x_s = α_s(x̂0 + √(σ_s² − σ_min²)z) (1 step: f(σ_max z, σ_max); ignores sample.step)',
  codec: struct('consistency sampler', {
    kind: required(literal('consistency')),
    sigmaMax: withDefault(numberIn(0, Infinity, { lo: true }), CONSISTENCY_SIGMA_MAX),
  }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: SamplerDeps): Sampler =>
    consistencySampling(
      requireCapability(AFFINE_GAUSSIAN, deps.process, 'sample.sampler.kind: "consistency"'),
      c.sigmaMax,
    ),
});
