import * as tf from '@tensorflow/tfjs';
import type { Conditioning, ForwardSample, Network, PosteriorModel, Time } from '@udm/core';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import type { Parameterization } from '../parameterization/parameterization.js';
import type { VpProcess } from '../process/vp-process.js';

/**
 * G_t for a Gaussian process: q(x0 | x_t) = N(x̂0, σ̄²I) with x̂0 read from the network through a
 * parameterization. The loss −log q(x0 | F_t(x0, ε)) becomes, up to constants and a time weighting, the MSE
 * between the network output and the parameterization's target (seed 002, eq. 8).
 */
export class GaussianPosterior implements PosteriorModel<tf.Tensor, GaussianPrediction> {
  constructor(
    readonly process: VpProcess,
    readonly network: Network,
    readonly parameterization: Parameterization,
  ) {}

  private run(xt: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor {
    const batch = xt.shape[0]!;
    return tf.tidy(() => this.network.apply(xt, tf.tensor1d(this.process.time.networkInput(t, batch)), cond));
  }

  predict(xt: tf.Tensor, t: Time, cond?: Conditioning): GaussianPrediction {
    return this.parameterization.toPrediction(this.run(xt, t, cond), xt, t, this.process);
  }

  loss(sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    return tf.tidy(() => {
      const output = this.run(sample.xt, sample.t, cond);
      return tf.mean(
        tf.squaredDifference(output, this.parameterization.target(sample, this.process)),
      ) as tf.Scalar;
    });
  }
}
