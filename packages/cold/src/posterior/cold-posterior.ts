import * as tf from '@tensorflow/tfjs';
import type { Conditioning, ForwardSample, Network, PointPrediction, PosteriorModel, Time } from '@udm/core';
import type { DegradingForward } from '../process/degrading.js';
import type { PointLoss } from './point-loss.js';

/**
 * G_t for cold diffusion: the restoration network R_θ(x_t, t) predicts x0 directly, x̂0 = R_θ(D(x0, t), t)
 * (seed 002, eq. 55), trained with ‖x0 − R_θ(x_t, t)‖ in the chosen norm.
 */
export class ColdPosterior implements PosteriorModel<tf.Tensor, PointPrediction> {
  constructor(
    readonly process: DegradingForward,
    readonly network: Network,
    readonly pointLoss: PointLoss,
  ) {}

  private run(xt: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor {
    const batch = xt.shape[0]!;
    return tf.tidy(() => this.network.apply(xt, tf.tensor1d(this.process.time.networkInput(t, batch)), cond));
  }

  predict(xt: tf.Tensor, t: Time, cond?: Conditioning): PointPrediction {
    return { x0: this.run(xt, t, cond) };
  }

  loss(sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    return tf.tidy(() => this.pointLoss.loss(this.run(sample.xt, sample.t, cond), sample.x0));
  }
}
