import * as tf from '@tensorflow/tfjs';
import type { Denoiser, NoiseSource } from '../ode/ode-solver.js';
import type { GaussianProcess } from '../process/gaussian-process.js';

/** Options of the Langevin corrector (score SDE, Song et al. 2021, Algorithm 4/5). */
export interface LangevinOptions {
  /** r: the signal-to-noise ratio that sets the step size (score SDE uses 0.16 for VE, 0.01–0.17 for VP). */
  readonly snr: number;
  /** Corrector steps at each time (M). */
  readonly steps: number;
}

/**
 * Langevin MCMC at a fixed time s, which leaves p_s invariant in the limit of small steps:
 *   x ← x + δ·∇log p_s(x) + √(2δ)·z,   δ = 2·(r·mean‖z‖/mean‖∇log p_s(x)‖)²,
 * the norms per example averaged over the batch as score SDE does (per-example ratios are heavy-tailed in low
 * dimension: an example near a mode has a tiny score and would take a huge step). The score comes from the
 * denoiser by Tweedie, ∇log p_s(x) = −(x − α_s·D(x, s))/σ_s². Only for σ_s > 0.
 */
export function langevinCorrect(
  process: GaussianProcess,
  x: tf.Tensor,
  s: number,
  denoise: Denoiser,
  noise: NoiseSource,
  options: LangevinOptions,
): tf.Tensor {
  const [alphaS, sigmaS] = [process.alpha(s), process.sigma(s)];
  if (!(sigmaS > 0)) throw new RangeError(`langevin: needs σ_s > 0, got σ = ${sigmaS} at s = ${s}`);
  let y = tf.clone(x);
  for (let m = 0; m < options.steps; m++) {
    const next = tf.tidy(() => {
      const score = tf.div(tf.sub(tf.mul(denoise(y, s), alphaS), y), sigmaS * sigmaS);
      const z = noise(y.shape);
      const axes = Array.from({ length: y.rank - 1 }, (_, i) => i + 1);
      const norm = (v: tf.Tensor) => tf.mean(tf.sqrt(tf.sum(tf.square(v), axes)));
      const delta = tf.mul(
        tf.square(tf.div(tf.mul(norm(z), options.snr), tf.maximum(norm(score), 1e-12))),
        2,
      );
      return tf.add(tf.add(y, tf.mul(score, delta)), tf.mul(z, tf.sqrt(tf.mul(delta, 2))));
    });
    y.dispose();
    y = next;
  }
  return y;
}
