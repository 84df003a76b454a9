import * as tf from '@tensorflow/tfjs';
import {
  perSample,
  type Conditioning,
  type ForwardSample,
  type Network,
  type PosteriorModel,
  type Rng,
  type Time,
} from '@udm/core';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import { targetOf, type Parameterization } from '../parameterization/parameterization.js';
import type { GaussianProcess } from '../process/gaussian-process.js';

/** The label that means "no label" (the null class of classifier-free guidance). */
export const NULL_LABEL = -1;

export interface LabelDropout {
  /** Probability of replacing a training label with NULL_LABEL (classifier-free guidance training). */
  readonly probability: number;
  /** Where the drops are drawn from. */
  readonly rng: Rng;
}

/**
 * G_t for a Gaussian process: q(x0 | x_t) = N(x̂0, σ̄²I) with x̂0 read from the network through a
 * parameterization. The loss −log q(x0 | F_t(x0, ε)) becomes, up to constants and a time weighting, the MSE
 * between the network output and the parameterization's target (seed 002, eq. 8). With `labelDropout`, training
 * labels are replaced by NULL_LABEL with the given probability, so that one network learns both the conditional
 * and the unconditional model.
 */
export class GaussianPosterior implements PosteriorModel<tf.Tensor, GaussianPrediction> {
  constructor(
    readonly process: GaussianProcess,
    readonly network: Network,
    readonly parameterization: Parameterization,
    private readonly labelDropout?: LabelDropout,
  ) {}

  /** p of label dropout in training (`posterior.labelDropout`): 0 means the null label's output was never trained. */
  get labelDropoutProbability(): number {
    return this.labelDropout?.probability ?? 0;
  }

  /** The raw network output NN_θ(x_t, t) (in the parameterization's space). */
  output(xt: tf.Tensor, t: Time, cond?: Conditioning): tf.Tensor {
    const batch = xt.shape[0]!;
    return tf.tidy(() => this.network.apply(xt, tf.tensor1d(this.process.time.networkInput(t, batch)), cond));
  }

  predict(xt: tf.Tensor, t: Time, cond?: Conditioning): GaussianPrediction {
    return this.parameterization.toPrediction(this.output(xt, t, cond), xt, t, this.process);
  }

  /**
   * The element-wise squared error ‖NN_θ(x_t, t) − (A_t x0 + B_t ε)‖² ([B, …], unweighted) in the parameterization's
   * output space, with training labels dropped as configured: what seed 004's objective template weights.
   */
  squaredError(sample: ForwardSample, cond?: Conditioning): tf.Tensor {
    return tf.tidy(() => {
      const output = this.output(sample.xt, sample.t, this.dropLabels(cond));
      return tf.squaredDifference(output, targetOf(this.parameterization, sample, this.process));
    });
  }

  /**
   * The parameterization's λ(t)-weighted MSE (seed 002, eq. 8). Another ω(t) or p_time is the `weighted-denoising`
   * training objective's, which weights `squaredError`.
   */
  loss(sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    return tf.tidy(() => {
      const sq = this.squaredError(sample, cond);
      const weight = this.parameterization.lossWeight?.(sample.t, this.process);
      return tf.mean(weight ? tf.mul(sq, perSample(weight, sq.rank)) : sq) as tf.Scalar;
    });
  }

  private dropLabels(cond?: Conditioning): Conditioning | undefined {
    const drop = this.labelDropout;
    if (!drop || drop.probability === 0 || !cond?.labels) return cond;
    const labels = cond.labels;
    const u = drop.rng.uniforms(labels.shape[0]);
    const keep = Float32Array.from(u, (v) => (v < drop.probability ? 0 : 1));
    return {
      ...cond,
      labels: tf.tidy(() => {
        const k = tf.tensor1d(keep, 'int32');
        return tf.add(tf.mul(labels, k), tf.mul(tf.sub(1, k), NULL_LABEL)) as tf.Tensor1D;
      }),
    };
  }
}
