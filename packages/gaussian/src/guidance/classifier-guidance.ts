import * as tf from '@tensorflow/tfjs';
import {
  perSample,
  type AffineGaussianForward,
  type Conditioning,
  type Guidance,
  type PointPrediction,
  type Predictor,
  type Time,
} from '@udm/core';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';

/** ∇_{x_t} log p(y | x_t, t), supplied by the user (e.g. a noisy classifier's input gradient). */
export type ClassifierGradient = (xt: tf.Tensor, t: Time, cond?: Conditioning) => tf.Tensor;

/**
 * Classifier guidance (Dhariwal & Nichol; seed 003): the score of p(x_t | y) ∝ p(x_t)·p(y | x_t)^w is
 * ∇log p(x_t) + w·∇log p(y | x_t), i.e. ε̂' = ε̂ − w·σ_t·∇log p(y | x_t) and x̂0' = (x_t − σ_t·ε̂')/α_t. With an
 * exact classifier and w = 1 this is exactly the conditional model.
 */
export class ClassifierGuidance implements Guidance<GaussianPrediction> {
  readonly needsLabels = true;

  constructor(
    private readonly base: Predictor<tf.Tensor, PointPrediction & { eps?: tf.Tensor }>,
    /** Any process with affine Gaussian coefficients α_t, σ_t (VP, VE, rectified flow, a plugin's). */
    private readonly process: AffineGaussianForward,
    private readonly gradient: ClassifierGradient,
    private readonly scale = 1,
  ) {}

  predict(xt: tf.Tensor, t: Time, cond?: Conditioning): GaussianPrediction {
    const { alpha, sigma } = this.process.coefficients(t);
    return tf.tidy(() => {
      const p = this.base.predict(xt, t, cond);
      const [a, s] = [perSample(alpha, xt.rank), perSample(sigma, xt.rank)];
      const eps0 = p.eps ?? tf.div(tf.sub(xt, tf.mul(a, p.x0)), s);
      const eps = tf.sub(eps0, tf.mul(tf.mul(s, this.scale), this.gradient(xt, t, cond)));
      return { x0: tf.div(tf.sub(xt, tf.mul(s, eps)), a), eps };
    });
  }
}
