import * as tf from '@tensorflow/tfjs';
import { randomNormal, type TrainingObjective } from '@udm/core';
import type { Autoencoder } from './autoencoder.js';

/** The terms of the autoencoder's training loss (see `trainAutoencoder`). */
export interface AutoencoderLossOptions {
  /** σ of the noise added to the latent before decoding, D(E(x) + σε) (default 0). */
  readonly latentNoise?: number;
  /** λ of the penalty λ·mean(E(x)²) (default 0). */
  readonly latentPenalty?: number;
  /** β of the VAE's KL term β·KL(q(z | x) ‖ N(0, I)) (default 0: decodes μ, no KL). */
  readonly klWeight?: number;
}

/**
 * KL(N(μ, diag e^{log σ²}) ‖ N(0, I)) = ½ Σ_i (μ_i² + σ_i² − 1 − log σ_i²), summed over every latent coordinate and
 * averaged over the batch (nats per item); μ and log σ² are [B, ...latentShape].
 */
export function gaussianKl(mean: tf.Tensor, logVariance: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const perCoordinate = tf.sub(tf.add(tf.square(mean), tf.exp(logVariance)), tf.add(logVariance, 1));
    return tf.mean(tf.mul(tf.sum(tf.reshape(perCoordinate, [mean.shape[0]!, -1]), 1), 0.5));
  });
}

/**
 * The autoencoder's reconstruction objective as a core `TrainingObjective`, so that core's one `train()` runs it:
 * ‖D(E(x) + σε) − x‖² / (H·W·C) (+ λ·mean(E(x)²)), or, with β > 0, the VAE's ‖D(μ + σ_x·ε) − x‖² / (H·W·C) +
 * β·KL(q(z | x) ‖ N(0, I)). ε is drawn from the run's RNG after the batch, when noise or the KL term needs it.
 */
export function autoencoderObjective(
  autoencoder: Autoencoder,
  options: AutoencoderLossOptions = {},
): TrainingObjective {
  const noise = options.latentNoise ?? 0;
  const penalty = options.latentPenalty ?? 0;
  const beta = options.klWeight ?? 0;
  const variational = beta > 0;
  return {
    kind: 'autoencoder',
    loss(batch, rng) {
      const n = batch.x0.shape[0]!;
      const eps = noise > 0 || variational ? randomNormal(rng, [n, ...autoencoder.latentShape]) : undefined;
      if (variational) {
        const q = autoencoder.encodeDistribution(batch.x0);
        const z = tf.add(q.mean, tf.mul(tf.exp(tf.mul(q.logVariance, 0.5)), eps!));
        const mse = tf.losses.meanSquaredError(batch.x0, autoencoder.decode(z)) as tf.Scalar;
        return tf.add(mse, tf.mul(gaussianKl(q.mean, q.logVariance), beta)) as tf.Scalar;
      }
      const z = autoencoder.encode(batch.x0);
      const zNoisy = eps ? tf.add(z, tf.mul(eps, noise)) : z;
      const mse = tf.losses.meanSquaredError(batch.x0, autoencoder.decode(zNoisy)) as tf.Scalar;
      return penalty > 0 ? (tf.add(mse, tf.mul(tf.mean(tf.square(z)), penalty)) as tf.Scalar) : mse;
    },
  };
}
