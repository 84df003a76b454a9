import * as tf from '@tensorflow/tfjs';
import type { Udm } from '@udm/core';
import { SECONDS, type BenchCase } from './case.js';
import { bestOf, exampleUdm, networkPasses, samplerOverhead, timeUdmTraining } from './example-udm.js';

const twoMoons = (): Udm => exampleUdm('two-moons');

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
    const measured = await timeUdmTraining(udm, SECONDS);
    udm.dispose();
    return measured;
  },
};

/** DDIM-50 on 2,000 points, and the sampler's overhead beyond the network's own forward passes. */
export const ddimSample: BenchCase = {
  name: 'ddim50-sample-2000',
  description:
    'DDIM-50 (η = 0) sampling of 2,000 two-moons points (fastest of 5 runs; sampler overhead = sample / network-only − 1, fastest of 5 interleaved pairs)',
  unit: 's',
  higherIsBetter: false,
  reference: { script: 'ddim_sample.py', args: ['5'] },
  readReference: (j) => ({ value: Number(j['seconds']), details: j }),
  async ours() {
    const udm = twoMoons();
    const pairs = udm.pairs(50, { kind: 'leading' });
    const run = (): void =>
      udm.sample({ count: 2000, steps: 50, grid: { kind: 'leading' }, step: { kind: 'ddim' } }).x0.dispose();
    const total = bestOf(5, run);
    const x = tf.randomNormal([2000, 2]);
    const o = samplerOverhead(
      run,
      () =>
        networkPasses(
          udm.network,
          x,
          pairs.map((p) => p.t),
        ),
      5,
    );
    x.dispose();
    udm.dispose();
    return {
      value: total,
      details: { seconds: total, ...o },
    };
  },
};
