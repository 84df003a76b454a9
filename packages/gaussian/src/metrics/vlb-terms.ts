import * as tf from '@tensorflow/tfjs';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { posteriorNoiseShare } from '../steps/ddim-noise-mix.js';
import { posteriorVariance, transitionVariance } from '../steps/posterior-mean-step.js';

/**
 * The constants of one VLB term (seed 003) of a discrete-time Gaussian process, in float64: L_{t−1} for t ≥ 1,
 * the decoder L_0 for t = 0. Shared by the NELBO metric and the learned-variance loss.
 */
export interface VlbCoefficients {
  /** log β̃_t of q(x_{t−1} | x_t, x0) (at t = 0 the value of t = 1, as improved DDPM's reference code). */
  readonly logPosteriorVariance: number;
  /** log β_t of q(x_t | x_{t−1}) (at t = 0: to the origin); the upper end of `learned_range`. */
  readonly logTransitionVariance: number;
  /** c_t, the posterior mean's coefficient of x0 with ε eliminated: μ̃(x_t, x0) − μ̃(x_t, x̂0) = c_t·(x0 − x̂0). */
  readonly meanCoefficient: number;
}

export function vlbCoefficients(process: GaussianProcess, t: number): VlbCoefficients {
  const tt = t === 0 ? 1 : t;
  const s = t === 0 ? process.time.origin : t - 1;
  let meanCoefficient = 1;
  if (t > 0) {
    const keep = Math.sqrt(1 - posteriorNoiseShare(process, t, s) ** 2);
    meanCoefficient = process.alpha(s) - (process.sigma(s) * keep * process.alpha(t)) / process.sigma(t);
  }
  return {
    logPosteriorVariance: Math.log(posteriorVariance(process, tt, tt - 1)),
    logTransitionVariance: Math.log(transitionVariance(process, t, s)),
    meanCoefficient,
  };
}

/** log v of `learned_range` from the network's value v̂ ∈ [−1, 1]: f·log β + (1 − f)·log β̃ with f = (v̂ + 1)/2. */
export function learnedRangeLogVariance(
  value: tf.Tensor,
  logTransitionVariance: number | tf.Tensor,
  logPosteriorVariance: number | tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const f = tf.div(tf.add(value, 1), 2);
    return tf.add(tf.mul(f, logTransitionVariance), tf.mul(tf.sub(1, f), logPosteriorVariance));
  });
}

/**
 * L_{t−1} per element in nats: KL(N(μ̃, β̃) ‖ N(μ_θ, v)) = ½[log(v/β̃) + β̃/v + c²(x0 − x̂0)²/v − 1], from
 * log β̃, log v and the squared mean gap c²(x0 − x̂0)².
 */
export function reverseKl(
  logPosteriorVariance: number | tf.Tensor,
  logVariance: tf.Tensor,
  meanGapSquared: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() =>
    tf.mul(
      0.5,
      tf.sub(
        tf.addN([
          tf.sub(logVariance, logPosteriorVariance),
          tf.exp(tf.sub(logPosteriorVariance, logVariance)),
          tf.mul(meanGapSquared, tf.exp(tf.neg(logVariance))),
        ]),
        1,
      ),
    ),
  );
}
