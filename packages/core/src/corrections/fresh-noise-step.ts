import * as tf from '@tensorflow/tfjs';
import type { ConditionalStep } from '../contracts/conditional-step.js';
import type { ForwardProcess } from '../contracts/forward-process.js';
import type { PointPrediction } from '../contracts/prediction.js';
import type { Rng } from '../random/rng.js';

/**
 * The marginal correction: p(x_s | x_t, x0) = p(x_s | x0), i.e. x_s = F_s(x̂0, ε_new) with fresh ε_new ~ q(ε)
 * (seed 002, eq. 11). Works for every process, invertible or not (for a deterministic degradation it is the
 * naive cold-diffusion step x_s = D(x̂0, s)).
 */
export class FreshNoiseStep implements ConditionalStep<tf.Tensor, PointPrediction> {
  constructor(private readonly process: ForwardProcess) {}

  step(_xt: tf.Tensor, prediction: PointPrediction, _t: number, s: number, rng: Rng): tf.Tensor {
    return tf.tidy(() =>
      this.process.forward(prediction.x0, this.process.sampleNoise(prediction.x0, rng), s),
    );
  }
}
