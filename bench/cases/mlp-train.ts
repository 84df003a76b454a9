import * as tf from '@tensorflow/tfjs';
import { SeededRng, randomNormal } from '@udm/core';
import { createDense, dense, type DenseWeights } from '@udm/nets';
import { SECONDS, type BenchCase } from './case.js';
import { timeAdamSteps } from './train-loop.js';

/** Adam training steps/s of the MLP 3→256×3→2 (ReLU, MSE), batch 1024 — issue 7's headline case. */
export const mlpTrain: BenchCase = {
  name: 'mlp-train',
  description: 'MLP 3→256×3→2 training step (ReLU, MSE, Adam), batch 1024, float32',
  unit: 'steps/s',
  higherIsBetter: true,
  reference: { script: 'mlp_train.py', args: [String(SECONDS)] },
  readReference: (j) => ({ value: Number(j['stepsPerSecond']), details: j }),
  async ours() {
    const rng = new SeededRng(0);
    const widths = [3, 256, 256, 256, 2];
    const layers: DenseWeights[] = widths.slice(1).map((w, i) => createDense(widths[i]!, w, rng));
    const vars = layers.flatMap((l) => [l.weight, l.bias]);
    const x = randomNormal(rng, [1024, 3]) as tf.Tensor2D;
    const y = randomNormal(rng, [1024, 2]);
    const measured = await timeAdamSteps(() => {
      let h = x;
      layers.forEach((l, i) => {
        h = dense(h, l, i < layers.length - 1 ? 'relu' : 'linear');
      });
      return tf.losses.meanSquaredError(y, h) as tf.Scalar;
    }, vars);
    tf.dispose([x, y, ...vars]);
    return measured;
  },
};
