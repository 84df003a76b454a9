import * as tf from '@tensorflow/tfjs';
import { perSample, type Time } from '@udm/core';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import type { GaussianProcess } from '../process/gaussian-process.js';

/** Anything that predicts (x̂0, ε̂) from (x_t, t): a Gaussian posterior, a guided model, … */
export interface GaussianPredictor {
  predict(xt: tf.Tensor, t: Time): GaussianPrediction;
}

/** One deterministic DDIM step t → s from a prediction: z_s = α_s·x̂0 + σ_s·ε̂ (seed 004, DDIM as PF-ODE Euler). */
export function ddimMove(
  model: GaussianPredictor,
  process: GaussianProcess,
  zt: tf.Tensor,
  t: Float64Array,
  s: Float64Array,
): tf.Tensor {
  return tf.tidy(() => {
    const p = model.predict(zt, t);
    return process.forward(p.x0, p.eps, s);
  });
}

/**
 * The progressive-distillation target x̃ (Salimans & Ho 2022, Algorithm 2): two teacher DDIM steps t → t′ → t″,
 * then the x̃ for which one DDIM step t → t″ from z_t lands on the same z_t″:
 * x̃ = (z_t″ − (σ_t″/σ_t)·z_t) / (α_t″ − (σ_t″/σ_t)·α_t). All times per sample.
 */
export function distillationTarget(
  teacher: GaussianPredictor,
  process: GaussianProcess,
  zt: tf.Tensor,
  t: Float64Array,
  tMid: Float64Array,
  tEnd: Float64Array,
): tf.Tensor {
  const ratio = tEnd.map((e, i) => process.sigma(e) / process.sigma(t[i]!));
  const denom = tEnd.map((e, i) => process.alpha(e) - ratio[i]! * process.alpha(t[i]!));
  return tf.tidy(() => {
    const zMid = ddimMove(teacher, process, zt, t, tMid);
    const zEnd = ddimMove(teacher, process, zMid, tMid, tEnd);
    const r = zt.rank;
    return tf.div(tf.sub(zEnd, tf.mul(perSample(ratio, r), zt)), perSample(denom, r));
  });
}
