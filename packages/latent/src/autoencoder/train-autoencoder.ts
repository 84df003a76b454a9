import * as tf from '@tensorflow/tfjs';
import { train, type Dataset, type Rng } from '@udm/core';
import { autoencoderObjective } from './autoencoder-objective.js';
import type { Autoencoder } from './autoencoder.js';

export { gaussianKl } from './autoencoder-objective.js';

export interface TrainAutoencoderOptions {
  readonly steps: number;
  readonly batchSize: number;
  /** Adam's learning rate. */
  readonly learningRate: number;
  /** Draws the batches (uniformly, with replacement). */
  readonly rng: Rng;
  /**
   * σ of Gaussian noise added to the latent before decoding during training, D(E(x) + σε) (default 0). With
   * `latentPenalty` it makes the decoder smooth around the training latents, so latents a diffusion model draws
   * near them decode to images (a fixed-variance VAE in spirit; the LDM paper uses a KL term).
   */
  readonly latentNoise?: number;
  /** λ of the penalty λ·mean(E(x)²), which keeps the encoder from growing z to outscale the noise (default 0). */
  readonly latentPenalty?: number;
  /**
   * β of the VAE's KL term β·KL(q(z | x) ‖ N(0, I)) (nats per image, averaged over the batch), for a variational
   * autoencoder only; it then decodes the reparameterised z = μ + σ·ε (default 0: decodes μ).
   */
  readonly klWeight?: number;
  /** Called after every step with the step number (1-based) and the batch's reconstruction MSE. */
  readonly onStep?: (step: number, loss: number) => void;
}

export interface AutoencoderTrainSummary {
  readonly steps: number;
  readonly seconds: number;
  /** Training loss of the first and the last batch, and the mean over the run. */
  readonly firstLoss: number;
  readonly lastLoss: number;
  readonly meanLoss: number;
}

function checkPositiveInt(value: number, name: string): void {
  if (!(Number.isInteger(value) && value >= 1))
    throw new RangeError(`${name}: expected a positive integer, got ${value}`);
}

/**
 * Trains D(E(x)) ≈ x with the mean squared error ‖D(E(x) + σε) − x‖² / (H·W·C) (+ λ·mean(E(x)²)) and Adam, or, with
 * `klWeight` β > 0, a VAE: ‖D(μ + σ_x·ε) − x‖² / (H·W·C) + β·KL(q(z | x) ‖ N(0, I)); the reported loss includes the
 * penalty or the KL term. The loss is `autoencoderObjective`, run by core's one `train()` (its divergence and
 * out-of-memory checks included). The options are checked before anything runs (a RangeError thrown at once).
 */
export function trainAutoencoder(
  autoencoder: Autoencoder,
  data: Dataset,
  options: TrainAutoencoderOptions,
): Promise<AutoencoderTrainSummary> {
  checkPositiveInt(options.steps, 'steps');
  checkPositiveInt(options.batchSize, 'batchSize');
  if (!(options.learningRate > 0))
    throw new RangeError(`learningRate: expected a positive number, got ${options.learningRate}`);
  const noise = options.latentNoise ?? 0;
  const penalty = options.latentPenalty ?? 0;
  if (!(noise >= 0)) throw new RangeError(`latentNoise: expected a number ≥ 0, got ${noise}`);
  if (!(penalty >= 0)) throw new RangeError(`latentPenalty: expected a number ≥ 0, got ${penalty}`);
  const beta = options.klWeight ?? 0;
  if (!(beta >= 0)) throw new RangeError(`klWeight: expected a number ≥ 0, got ${beta}`);
  if (beta > 0 && !autoencoder.variational)
    throw new RangeError('klWeight: needs a variational autoencoder (options.variational: true)');
  return run(autoencoder, data, options);
}

async function run(
  autoencoder: Autoencoder,
  data: Dataset,
  options: TrainAutoencoderOptions,
): Promise<AutoencoderTrainSummary> {
  const optimizer = tf.train.adam(options.learningRate);
  let first = NaN;
  try {
    const summary = await train({
      objective: autoencoderObjective(autoencoder, options),
      network: autoencoder,
      data,
      optimizer,
      rng: options.rng,
      batchSize: options.batchSize,
      steps: options.steps,
      onStep: ({ step, loss }) => {
        if (step === 1) first = loss;
        options.onStep?.(step, loss);
      },
    });
    return {
      steps: summary.step,
      seconds: summary.seconds,
      firstLoss: first,
      lastLoss: summary.lastLoss,
      meanLoss: summary.meanLoss,
    };
  } finally {
    optimizer.dispose();
  }
}

/** Mean squared error of D(E(x)) against x over a whole data set (e.g. the held-out digits), in batches. */
export function reconstructionError(autoencoder: Autoencoder, data: Dataset, batchSize = 256): number {
  checkPositiveInt(batchSize, 'batchSize');
  let sum = 0;
  for (let from = 0; from < data.size; from += batchSize) {
    const n = Math.min(batchSize, data.size - from);
    const batch = data.gather(Int32Array.from({ length: n }, (_, i) => from + i));
    try {
      const err = tf.tidy(() => tf.sum(tf.squaredDifference(autoencoder.reconstruct(batch.x0), batch.x0)));
      sum += err.dataSync()[0]!;
      err.dispose();
    } finally {
      tf.dispose([batch.x0, ...(batch.labels ? [batch.labels] : [])]);
    }
  }
  const itemSize = data.itemShape.reduce((a, b) => a * b, 1);
  return sum / (data.size * itemSize);
}
