import * as tf from '@tensorflow/tfjs';
import { SeededRng, randomNormal } from '@udm/core';
import { UNet } from '@udm/nets';
import { SECONDS, type BenchCase } from './case.js';
import { timeAdamSteps } from './train-loop.js';

/** The MNIST U-Net of examples/mnist-ddim (channels 32, 64, 64; 1 res block; 10 classes), ε-MSE, batch 32. */
export const unetTrain: BenchCase = {
  name: 'unet-train',
  description:
    'MNIST U-Net training step (28×28×1, channels 32/64/64, 1 res block per level, GroupNorm 8, class-conditional), ε-MSE, Adam, batch 32',
  unit: 'steps/s',
  higherIsBetter: true,
  reference: { script: 'unet_train.py', args: [String(SECONDS)] },
  readReference: (j) => ({ value: Number(j['stepsPerSecond']), details: j }),
  async ours() {
    const rng = new SeededRng(0);
    const net = new UNet(
      {
        itemShape: [28, 28, 1],
        channels: [32, 64, 64],
        resBlocks: 1,
        timeEmbedding: 32,
        groups: 8,
        classes: 10,
      },
      rng,
    );
    const batch = 32;
    const x = randomNormal(rng, [batch, 28, 28, 1]);
    const eps = randomNormal(rng, [batch, 28, 28, 1]);
    const t = tf.tensor1d(Float32Array.from(rng.uniforms(batch), (u) => u * 1000));
    const labels = tf.tensor1d(Float32Array.from(rng.uniforms(batch), (u) => Math.floor(u * 10)));
    const measured = await timeAdamSteps(
      () => tf.losses.meanSquaredError(eps, net.apply(x, t, { labels })) as tf.Scalar,
      [...net.variables.values()],
    );
    tf.dispose([x, eps, t, labels, ...net.variables.values()]);
    return measured;
  },
};
