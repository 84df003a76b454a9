import * as tf from '@tensorflow/tfjs';
import {
  perSample,
  type Conditioning,
  type ForwardSample,
  type Network,
  type PosteriorModel,
} from '@udm/core';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import { withLearnedVariance } from '../parameterization/learned-variance.js';
import { targetOf, type Parameterization } from '../parameterization/parameterization.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { posteriorNoiseShare } from '../steps/ddim-noise-mix.js';
import { posteriorVariance, transitionVariance } from '../steps/posterior-mean-step.js';

/** The identity with a zero gradient (tfjs has no stop_gradient op). */
const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]);

/**
 * G_t with a learned reverse variance (Nichol & Dhariwal 2021, seed 003): the network outputs, along axis 1, the
 * base parameterization's output and v̂ ∈ [−1, 1] (`learned_range`: log v = f log β_t + (1 − f) log β̃_t,
 * f = (v̂ + 1)/2). The loss is L_hybrid = L_simple + λ·L_vlb: the usual MSE, plus the VLB term of the sampled t
 * with the mean held fixed (stop-gradient), so the VLB trains only the variance:
 * t ≥ 1: KL(N(μ̃, β̃) ‖ N(μ_θ, v)) = ½[log(v/β̃) + β̃/v + c_t²(x0 − x̂0)²/v − 1];
 * t = 0: the Gaussian decoder's −log N(x0; x̂0, v) (continuous data). In nats per dimension. Discrete time only.
 */
export class LearnedVariancePosterior implements PosteriorModel<tf.Tensor, GaussianPrediction> {
  readonly parameterization: Parameterization;

  constructor(
    readonly process: GaussianProcess,
    readonly network: Network,
    readonly base: Parameterization,
    readonly vlbWeight = 0.001,
  ) {
    if (process.time.kind !== 'discrete')
      throw new RangeError('learned variance: needs a discrete-time process');
    this.parameterization = withLearnedVariance(base);
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
    const prev = (v: number) => (v === 0 ? p.time.origin : v - 1);
    // Per-sample constants of the VLB term, in float64.
    const minLog = t.map((v) => Math.log(posteriorVariance(p, v === 0 ? 1 : v, v === 0 ? 0 : v - 1)));
    const maxLog = t.map((v) => Math.log(transitionVariance(p, v, prev(v))));
    const logBt = t.map((v) => (v === 0 ? 0 : Math.log(posteriorVariance(p, v, v - 1))));
    const c = t.map((v) => {
      if (v === 0) return 1;
      const keep = Math.sqrt(1 - posteriorNoiseShare(p, v, v - 1) ** 2);
      return p.alpha(v - 1) - (p.sigma(v - 1) * keep * p.alpha(v)) / p.sigma(v);
    });
    const isDecoder = t.map((v) => (v === 0 ? 1 : 0));
    return tf.tidy(() => {
      const out = this.output(sample.xt, t, cond);
      const [mean, value] = tf.split(out, 2, 1) as [tf.Tensor, tf.Tensor];
      const simple = tf.mean(tf.squaredDifference(mean, targetOf(this.base, sample, p)));
      const r = sample.x0.rank;
      const x0hat = stopGradient(this.base.toPrediction(mean, sample.xt, t, p).x0) as tf.Tensor;
      const f = tf.div(tf.add(value, 1), 2);
      const logV = tf.add(tf.mul(f, perSample(maxLog, r)), tf.mul(tf.sub(1, f), perSample(minLog, r)));
      const err2 = tf.squaredDifference(sample.x0, x0hat);
      const kl = tf.mul(
        0.5,
        tf.sub(
          tf.add(
            tf.add(tf.sub(logV, perSample(logBt, r)), tf.exp(tf.sub(perSample(logBt, r), logV))),
            tf.mul(
              tf.mul(
                perSample(
                  c.map((v) => v * v),
                  r,
                ),
                err2,
              ),
              tf.exp(tf.neg(logV)),
            ),
          ),
          1,
        ),
      );
      const nll = tf.mul(
        0.5,
        tf.add(tf.add(logV, Math.log(2 * Math.PI)), tf.mul(err2, tf.exp(tf.neg(logV)))),
      );
      const d = perSample(isDecoder, r);
      const vlb = tf.mean(tf.add(tf.mul(d, nll), tf.mul(tf.sub(1, d), kl)));
      return tf.add(simple, tf.mul(vlb, this.vlbWeight)) as tf.Scalar;
    });
  }
}
