import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { createUdm, type Udm } from '@udm/core';
import { defaultModules } from '@udm/cli';
import { SECONDS, type BenchCase } from './case.js';

function twoMoons(): Udm {
  const config = JSON.parse(
    readFileSync(new URL('../../examples/two-moons/config.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  return createUdm(
    { ...config, train: { ...(config['train'] as object), checkpointEvery: 1_000_000 } },
    defaultModules(),
  );
}

/** Our generic trainer on the two-moons model (the README's main job), steps/s. */
export const twoMoonsTrain: BenchCase = {
  name: 'two-moons-train',
  description:
    'two-moons training step through core train(): MLP [x, emb(t)] → 128×3 SiLU → 2, ε-MSE, Adam, batch 256',
  unit: 'steps/s',
  higherIsBetter: true,
  reference: { script: 'two_moons_train.py', args: [String(SECONDS)] },
  readReference: (j) => ({ value: Number(j['stepsPerSecond']), details: j }),
  async ours() {
    const udm = twoMoons();
    await udm.train({ steps: 20 });
    const t0 = performance.now();
    let steps = 20;
    while (performance.now() - t0 < SECONDS * 1000) {
      steps += 50;
      await udm.train({ steps });
    }
    const seconds = (performance.now() - t0) / 1000;
    udm.dispose();
    return { value: (steps - 20) / seconds, details: { steps: steps - 20, seconds } };
  },
};

/** DDIM-50 on 2,000 points, and the sampler's overhead beyond the network's own forward passes. */
export const ddimSample: BenchCase = {
  name: 'ddim50-sample-2000',
  description:
    'DDIM-50 (η = 0) sampling of 2,000 two-moons points (time of one run; overhead = total / network-only − 1)',
  unit: 's',
  higherIsBetter: false,
  reference: { script: 'ddim_sample.py', args: ['5'] },
  readReference: (j) => ({ value: Number(j['seconds']), details: j }),
  async ours() {
    const udm = twoMoons();
    const best = (f: () => void): number => {
      f();
      let min = Infinity;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        f();
        min = Math.min(min, (performance.now() - t0) / 1000);
      }
      return min;
    };
    const pairs = udm.pairs(50, { kind: 'leading' });
    const total = best(() =>
      udm.sample({ count: 2000, steps: 50, grid: { kind: 'leading' }, step: { kind: 'ddim' } }).x0.dispose(),
    );
    const x = tf.randomNormal([2000, 2]);
    const network = best(() => {
      for (const { t } of pairs) {
        tf.tidy(() => udm.network.apply(x, tf.fill([2000], t) as tf.Tensor1D).dataSync());
      }
    });
    x.dispose();
    udm.dispose();
    return {
      value: total,
      details: { seconds: total, networkSeconds: network, overhead: total / network - 1 },
    };
  },
};
