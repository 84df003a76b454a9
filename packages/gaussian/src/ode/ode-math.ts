import * as tf from '@tensorflow/tfjs';
import type { GaussianProcess } from '../process/gaussian-process.js';

/** ε̂ = (x_t − α_t·x̂0)/σ_t, the slope dx_e/dσ_e of the PF-ODE in k-diffusion's coordinates. */
export function epsilonHat(process: GaussianProcess, x: tf.Tensor, x0: tf.Tensor, t: number): tf.Tensor {
  return tf.tidy(() => tf.div(tf.sub(x, tf.mul(x0, process.alpha(t))), process.sigma(t)));
}

/** λ_t = log(α_t/σ_t), the half log-SNR (−∞ where α_t = 0, +∞ at the origin). */
export function halfLogSnr(process: GaussianProcess, t: number): number {
  return Math.log(process.alpha(t)) - Math.log(process.sigma(t));
}
