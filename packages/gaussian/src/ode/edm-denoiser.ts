import * as tf from '@tensorflow/tfjs';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { hasNoiseLevels } from '../time/noise-levels.js';
import type { Denoiser } from './ode-solver.js';

/**
 * k-diffusion's contract verbatim: D(x_e, σ_e) → x̂0 with x_e = x_t/α_t and σ_e = σ_t/α_t. The time is the one
 * whose noise-to-signal ratio is σ_e (nearest step on a discrete process), so σ-space samplers written for
 * k-diffusion run on any Gaussian process and parameterization.
 */
export function edmDenoiser(
  process: GaussianProcess,
  denoise: Denoiser,
): (x: tf.Tensor, sigma: number) => tf.Tensor {
  const domain = process.time;
  if (!hasNoiseLevels(domain)) throw new RangeError('edmDenoiser: the process has no noise levels σ_t/α_t');
  return (x, sigma) => {
    const t = domain.timeOfNoiseToSignal(sigma);
    return tf.tidy(() => denoise(tf.mul(x, process.alpha(t)), t));
  };
}
