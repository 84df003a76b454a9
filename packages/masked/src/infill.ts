import type * as tf from '@tensorflow/tfjs';
import {
  type CategoricalPrediction,
  type ConditionalStep,
  LinspaceGrid,
  type Predictor,
  type Rng,
  sample,
  stepPairs,
  type TimeGrid,
} from '@udm/core';
import type { AbsorbingMaskForward } from './process/absorbing-mask.js';

export interface InfillOptions {
  readonly process: AbsorbingMaskForward;
  /** G_t (a `SubsPosterior`). */
  readonly predictor: Predictor<tf.Tensor, CategoricalPrediction>;
  /** A masked step (carries unmasked tokens over). */
  readonly step: ConditionalStep<tf.Tensor, CategoricalPrediction>;
  /** int32 [B, L]: the tokens to keep, and [MASK] where the model should write. Not disposed. */
  readonly template: tf.Tensor;
  readonly steps: number;
  /** Default: evenly spaced times from tMax down. */
  readonly grid?: TimeGrid;
  readonly rng: Rng;
}

/**
 * Infilling: generate the [MASK] positions of `template` given its other tokens, by running the sampler from
 * x_T = template. The masked steps never change an unmasked token, so the given tokens are kept exactly, and the
 * last step (s = origin) unmasks everything that is left. Returns x0 (int32 [B, L]); the caller disposes it.
 */
export function infill(o: InfillOptions): tf.Tensor {
  const grid = o.grid ?? new LinspaceGrid();
  const pairs = stepPairs(o.process.time, grid.times(o.process.time, o.steps));
  return sample({
    process: o.process,
    predictor: o.predictor,
    step: o.step,
    pairs,
    shape: o.template.shape,
    rng: o.rng,
    xT: o.template,
  }).x0;
}
