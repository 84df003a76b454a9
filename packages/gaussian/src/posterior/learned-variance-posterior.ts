import * as tf from '@tensorflow/tfjs';
import {
  perSample,
  type Conditioning,
  type ForwardSample,
  type Network,
  type PosteriorModel,
} from '@udm/core';
import { discretizedGaussianLogLikelihoods } from '../metrics/discretized-gaussian.js';
import { learnedRangeLogVariance, reverseKl, vlbCoefficients } from '../metrics/vlb-terms.js';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import { splitLearnedVariance, withLearnedVariance } from '../parameterization/learned-variance.js';
import { targetOf, type Parameterization } from '../parameterization/parameterization.js';
import type { GaussianProcess } from '../process/gaussian-process.js';

/** The identity with a zero gradient (tfjs has no stop_gradient op). */
const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

export interface LearnedVarianceOptions {
  /** λ of L_hybrid = L_simple + λ·L_vlb (improved DDPM: 0.001). */
  readonly vlbWeight?: number;
  /** Levels of the data for the discretized decoder L_0 (data in [−1, 1]); 256 for 8-bit images. */
  readonly decoderBins?: number;
}

/**
 * G_t with a learned reverse variance (Nichol & Dhariwal 2021, seed 003): the network outputs, along the last axis
 * (channels of NHWC images, coordinates of points), the base parameterization's output and v̂ ∈ [−1, 1]
 * (`learned_range`: log v = f log β_t + (1 − f) log β̃_t, f = (v̂ + 1)/2). The loss is L_hybrid = L_simple + λ·L_vlb:
 * the usual MSE, plus the VLB term of the sampled t computed from a stop-gradient copy of the mean output, so the
 * VLB trains only the variance: t ≥ 1: KL(q(x_{t−1} | x_t, x0) ‖ p_θ(x_{t−1} | x_t)); t = 0: the discretized
 * Gaussian decoder's −log p_θ(x0 | x_0). Both from `metrics/vlb-terms.ts` and `metrics/discretized-gaussian.ts`,
 * as the NELBO metric; in nats per dimension. Discrete time only.
 */
export class LearnedVariancePosterior implements PosteriorModel<tf.Tensor, GaussianPrediction> {
  readonly parameterization: Parameterization;
  readonly vlbWeight: number;
  readonly decoderBins: number;

  constructor(
    readonly process: GaussianProcess,
    readonly network: Network,
    readonly base: Parameterization,
    options: LearnedVarianceOptions = {},
  ) {
    if (process.time.kind !== 'discrete')
      throw new RangeError('learned variance: needs a discrete-time process');
    this.vlbWeight = options.vlbWeight ?? 0.001;
    this.decoderBins = options.decoderBins ?? 256;
    if (!(this.vlbWeight >= 0)) throw new RangeError(`vlbWeight: expected ≥ 0, got ${this.vlbWeight}`);
    if (!(Number.isInteger(this.decoderBins) && this.decoderBins >= 2))
      throw new RangeError(`decoderBins: expected an integer ≥ 2, got ${this.decoderBins}`);
    this.parameterization = withLearnedVariance(base, 'last');
  }

  output(xt: tf.Tensor, t: number | Float64Array, cond?: Conditioning): tf.Tensor {
    return tf.tidy(() =>
      this.network.apply(xt, tf.tensor1d(this.process.time.networkInput(t, xt.shape[0]!)), cond),
    );
  }

  predict(xt: tf.Tensor, t: number | Float64Array, cond?: Conditioning): GaussianPrediction {
    return this.parameterization.toPrediction(this.output(xt, t, cond), xt, t, this.process);
  }

  loss(sample: ForwardSample, cond?: Conditioning): tf.Scalar {
    const p = this.process;
    const t = sample.t;
    const r = sample.x0.rank;
    const coef = Array.from(t, (v) => vlbCoefficients(p, v));
    const column = (f: (i: number) => number) =>
      perSample(
        Float64Array.from(t, (_, i) => f(i)),
        r,
      );
    return tf.tidy(() => {
      const [mean, value] = splitLearnedVariance(this.output(sample.xt, t, cond), sample.xt, 'last');
      const simple = tf.mean(tf.squaredDifference(mean, targetOf(this.base, sample, p)));
      const x0hat = this.base.toPrediction(stopGradient(mean), sample.xt, t, p).x0;
      const logBt = column((i) => coef[i]!.logPosteriorVariance);
      const logV = learnedRangeLogVariance(
        value,
        column((i) => coef[i]!.logTransitionVariance),
        logBt,
      );
      const gap = tf.mul(
        column((i) => coef[i]!.meanCoefficient ** 2),
        tf.squaredDifference(sample.x0, x0hat),
      );
      const kl = reverseKl(logBt, logV, gap);
      let vlb = tf.mean(kl);
      if (t.some((v) => v === 0)) {
        const decoder = tf.neg(discretizedGaussianLogLikelihoods(sample.x0, x0hat, logV, this.decoderBins));
        const isDecoder = tf.broadcastTo(
          column((i) => (t[i] === 0 ? 1 : 0)),
          kl.shape,
        );
        vlb = tf.mean(tf.where(tf.cast(isDecoder, 'bool'), decoder, kl));
      }
      return tf.add(simple, tf.mul(vlb, this.vlbWeight)) as tf.Scalar;
    });
  }
}
