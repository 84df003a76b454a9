import * as tf from '@tensorflow/tfjs';
import type { ConditionalStep, PointPrediction, Rng } from '@udm/core';
import type { DegradingForward } from '../process/degrading.js';

/**
 * The improved cold-diffusion step (Bansal et al., Algorithm 2): x_s = x_t − D(x̂0, t) + D(x̂0, s). Unlike the naive
 * step x_s = D(x̂0, s) (core's fresh-noise step), it keeps the part of x_t the prediction does not explain, so an
 * error in x̂0 is corrected at the next step instead of being re-degraded and carried along. With the true x0 both
 * land on D(x0, s) exactly. Draws no randomness.
 */
export class ImprovedColdStep implements ConditionalStep<tf.Tensor, PointPrediction> {
  constructor(private readonly process: DegradingForward) {}

  step(xt: tf.Tensor, prediction: PointPrediction, t: number, s: number, _rng: Rng): tf.Tensor {
    if (!(s < t)) throw new RangeError(`cold step: expected s < t, got ${t} → ${s}`);
    return tf.tidy(() => {
      const x0 = prediction.x0;
      return tf.add(tf.sub(xt, this.process.degrade(x0, t)), this.process.degrade(x0, s));
    });
  }
}
