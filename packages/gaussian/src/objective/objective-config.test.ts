import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  ArrayDataset,
  contribution,
  createUdm,
  literal,
  required,
  SeededRng,
  struct,
  TOKENS,
  type Network,
} from '@udm/core';
import { gaussianModule } from '../gaussian-module.js';
import type { GaussianPosterior } from '../posterior/gaussian-posterior.js';

await tf.setBackend('cpu');
await tf.ready();

/** 2-D points and a network out = a ⊙ x_t. */
const pointsModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Dataset).toConstantValue(
    contribution({
      kind: 'points',
      description: 'points',
      codec: struct('points data', { kind: required(literal('points')) }),
      create: () => {
        const x = Float32Array.from(new SeededRng(0).normals(256), (v) => 0.5 * v);
        return { train: new ArrayDataset(x, [2]), heldOut: new ArrayDataset(x, [2]) };
      },
    }),
  );
  bind(TOKENS.Network).toConstantValue(
    contribution({
      kind: 'scale',
      description: 'a ⊙ x',
      codec: struct('scale network', { kind: required(literal('scale')) }),
      create: (): Network => {
        const a = tf.variable(tf.ones([1, 2]));
        return { variables: new Map([['a', a]]), apply: (x) => tf.mul(x, a) };
      },
    }),
  );
});

const base = {
  data: { kind: 'points' },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'scale' },
  train: { steps: 3, batchSize: 16, ema: 0 },
  sample: { step: { kind: 'ddim' }, steps: 5 },
};
const modules = [gaussianModule, pointsModule];

describe('posterior.weighting and posterior.time in a config', () => {
  it('an existing config keeps the original loss (no objective object)', () => {
    const udm = createUdm({ ...base, posterior: { kind: 'epsilon' } }, modules);
    expect((udm.posterior as GaussianPosterior).objective).toBeUndefined();
    udm.dispose();
  });

  it('weighting and time are decoded with defaults, and the trainer draws t from p_time', async () => {
    const udm = createUdm(
      {
        ...base,
        posterior: {
          kind: 'sample',
          weighting: { kind: 'min-snr' },
          time: { kind: 'logit-normal', mean: 1 },
        },
      },
      modules,
    );
    const posterior = udm.posterior as GaussianPosterior;
    expect(posterior.objective?.weighting?.kind).toBe('min-snr');
    expect(posterior.objective?.time.kind).toBe('logit-normal');
    const drawn: number[] = [];
    const inner = posterior.sampleTimes.bind(posterior);
    posterior.sampleTimes = (batch, rng) => {
      const t = inner(batch, rng);
      drawn.push(...t);
      return t;
    };
    await udm.train({ steps: 1 }); // creates the optimizer's slots
    const before = tf.memory().numTensors;
    const summary = await udm.train();
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(summary.lastLoss)).toBe(true);
    expect(drawn).toHaveLength(48);
    // logit-normal with mean 1: most times above the middle of 0..99.
    expect(drawn.filter((t) => t >= 50).length).toBeGreaterThan(30);
    udm.dispose();
  });

  it('bad choices name the field', () => {
    expect(() =>
      createUdm({ ...base, posterior: { kind: 'epsilon', weighting: { kind: 'nope' } } }, modules),
    ).toThrow(/posterior\.weighting/);
    expect(() =>
      createUdm({ ...base, posterior: { kind: 'epsilon', weighting: { kind: 'likelihood' } } }, modules),
    ).toThrow(/likelihood.*continuous-time/);
  });
});
