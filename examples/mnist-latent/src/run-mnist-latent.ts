import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { defaultModules, imageGridPng } from '@udm/cli';
import { createUdm, deriveSeed, SeededRng } from '@udm/core';
import { mnistSplit } from '@udm/data';
import {
  buildAutoencoder,
  isLatentDecoder,
  reconstructionError,
  saveAutoencoder,
  trainAutoencoder,
  type LatentScaling,
} from '@udm/latent';
import type { ImageQuality } from '@udm/testing';
import { decodeLatentConfig, defaultConfig } from './latent-config.js';
import { digitYardstick } from './yardstick.js';

export interface MnistLatentOptions {
  /** The config (default: this example's config.json). */
  readonly config?: unknown;
  /** Parent folder of the run directory (default `runs`). */
  readonly outDir?: string;
  /** Progress lines on stderr (default true). */
  readonly verbose?: boolean;
  /** Optimizer steps of the yardstick classifier (default 1500). */
  readonly classifierSteps?: number;
}

export interface MnistLatentResult {
  readonly runDir: string;
  readonly autoencoder: {
    readonly steps: number;
    readonly seconds: number;
    readonly firstLoss: number;
    readonly lastLoss: number;
    /** Mean squared error of D(E(x)) − x per pixel on the held-out digits (pixels in [low, high]). */
    readonly heldOutMse: number;
    readonly trainMse: number;
    readonly latentSize: number;
    readonly scaling: LatentScaling;
  };
  readonly diffusion: {
    readonly steps: number;
    readonly seconds: number;
    readonly meanLoss: number;
    readonly samplingSteps: number;
  };
  readonly count: number;
  readonly classifierAccuracy: number;
  readonly reference: {
    readonly heldOut: ImageQuality;
    readonly trainDigits: ImageQuality;
    /** D(E(x)) of `count` held-out digits: the best the decoder can do. */
    readonly reconstructions: ImageQuality;
  };
  readonly samples: ImageQuality & {
    /** The diffusion sampler in latent space. */
    readonly samplingSeconds: number;
    /** The decoder on the sampled latents. */
    readonly decodeSeconds: number;
    readonly figure: string;
  };
  readonly reconstructionFigure: string;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function firstRows(
  data: { gather(i: Int32Array): { x0: tf.Tensor; labels?: tf.Tensor } },
  n: number,
): tf.Tensor {
  const b = data.gather(Int32Array.from({ length: n }, (_, i) => i));
  b.labels?.dispose();
  return b.x0;
}

/**
 * Latent diffusion on MNIST: trains the convolutional autoencoder on the digits (MSE), encodes the training set
 * once into normalised latents, trains the configured Gaussian diffusion model on them through the ordinary
 * `createUdm` / `train()` / `sample()` path (data kind `latent`), samples latents with the configured step (DDIM-50),
 * decodes them, and scores the digits with the shared classifier yardstick. Writes PNG grids and results.json.
 */
export async function runMnistLatent(options: MnistLatentOptions = {}): Promise<MnistLatentResult> {
  const config = decodeLatentConfig(options.config ?? defaultConfig());
  const log = (m: string): void => {
    if (options.verbose ?? true) process.stderr.write(`${m}\n`);
  };
  const runDir = resolve(options.outDir ?? 'runs', `mnist-latent-${stamp()}`);
  mkdirSync(runDir, { recursive: true });
  const { low, high } = config.data;
  const pixels = mnistSplit({ ...config.data, splitSeed: 0 });
  const itemShape = pixels.train.itemShape;
  const a = config.autoencoder;
  const ae = buildAutoencoder(itemShape, a, config.seed);
  try {
    log(`training the autoencoder (${a.steps} steps) …`);
    const aeSummary = await trainAutoencoder(ae, pixels.train, {
      steps: a.steps,
      batchSize: a.batchSize,
      learningRate: a.learningRate,
      latentNoise: a.latentNoise,
      latentPenalty: a.latentPenalty,
      klWeight: a.klWeight,
      rng: new SeededRng(deriveSeed(config.seed, 'autoencoder-train')),
      onStep: (step, loss) => {
        if (step % 100 === 0) log(`  autoencoder step ${step}: MSE ${loss.toFixed(4)}`);
      },
    });
    const heldOutMse = reconstructionError(ae, pixels.heldOut);
    const trainMse = reconstructionError(ae, pixels.train);
    log(`  held-out reconstruction MSE ${heldOutMse.toFixed(4)} (train ${trainMse.toFixed(4)})`);

    // The latent data kind (the one of `udm autoencoder` runs): the autoencoder file encodes the same MNIST split.
    const autoencoderFile = join(runDir, 'autoencoder.safetensors');
    await saveAutoencoder(autoencoderFile, ae, { config: config.autoencoder, heldOutMse });
    const data = { kind: 'latent', autoencoder: autoencoderFile, source: { kind: 'mnist', ...config.data } };
    const udm = createUdm({ ...config.diffusion, seed: config.seed, data }, defaultModules());
    const decoder = udm.data.decoder;
    try {
      if (!isLatentDecoder(decoder)) throw new Error('mnist-latent: the latent data have no latent decoder');
      log(`training the latent diffusion model (${udm.config.train.steps} steps) …`);
      const summary = await udm.train({
        onStep: (p) => {
          if (p.step % 500 === 0) log(`  diffusion step ${p.step}: loss ${p.loss.toFixed(4)}`);
        },
      });
      udm.useEmaWeights();
      const count = udm.config.sample.count;

      log('training the yardstick classifier …');
      const yardstick = digitYardstick(pixels, [low, high], config.seed, options.classifierSteps ?? 1500);
      try {
        const heldOutLabels = yardstick.heldOutLabels;
        const shape: [number, number, number] = [count, itemShape[0]!, itemShape[1]!];
        const grid = (images: Float32Array) =>
          imageGridPng(images, shape, { columns: 8, scale: 2, range: [low, high] });
        const clip = (images: Float32Array) =>
          Float32Array.from(images, (v) => Math.min(high, Math.max(low, v)));

        const recon = tf.tidy(() => ae.reconstruct(firstRows(pixels.heldOut, count)));
        const reconImages = clip(recon.dataSync() as Float32Array);
        recon.dispose();
        const reconstructionFigure = join(runDir, 'reconstructions.png');
        await writeFileAtomic(reconstructionFigure, grid(reconImages));

        log(`sampling ${count} latents with ${udm.config.sample.steps} steps …`);
        const t0 = performance.now();
        const out = udm.sample({ count });
        const z = out.x0.dataSync();
        const samplingSeconds = (performance.now() - t0) / 1000;
        const t1 = performance.now();
        const decoded = decoder.decode(out.x0);
        const images = clip(decoded.dataSync() as Float32Array);
        const decodeSeconds = (performance.now() - t1) / 1000;
        tf.dispose([out.x0, decoded]);
        if (!z.every(Number.isFinite)) throw new Error('mnist-latent: the sampled latents are not finite');
        const figure = join(runDir, `ddim-${udm.config.sample.steps}-latent.png`);
        await writeFileAtomic(figure, grid(images));

        const result: MnistLatentResult = {
          runDir,
          autoencoder: {
            steps: aeSummary.steps,
            seconds: aeSummary.seconds,
            firstLoss: aeSummary.firstLoss,
            lastLoss: aeSummary.lastLoss,
            heldOutMse,
            trainMse,
            latentSize: ae.latentSize,
            scaling: decoder.scaling,
          },
          diffusion: {
            steps: summary.step,
            seconds: summary.seconds,
            meanLoss: summary.meanLoss,
            samplingSteps: udm.config.sample.steps,
          },
          count,
          classifierAccuracy: yardstick.accuracy,
          reference: {
            heldOut: yardstick.score(pixels.heldOut.toArray(), heldOutLabels),
            trainDigits: yardstick.score(
              pixels.train.toArray().subarray(0, count * itemShape.reduce((p, q) => p * q, 1)),
            ),
            reconstructions: yardstick.score(reconImages, heldOutLabels.subarray(0, count)),
          },
          samples: {
            ...yardstick.score(images),
            samplingSeconds,
            decodeSeconds,
            figure,
          },
          reconstructionFigure,
        };
        await writeFileAtomic(join(runDir, 'results.json'), Buffer.from(JSON.stringify(result, null, 2)));
        return result;
      } finally {
        yardstick.dispose();
      }
    } finally {
      udm.dispose();
    }
  } finally {
    ae.dispose();
  }
}
