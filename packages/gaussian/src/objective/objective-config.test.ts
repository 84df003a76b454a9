import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createUdm, estimateTrainStepMemory } from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { gaussianModule } from '../gaussian-module.js';
import type { GaussianPosterior } from '../posterior/gaussian-posterior.js';
import type { ImportanceTime } from './importance-time.js';

await tf.setBackend('cpu');
await tf.ready();

/** 128 unlabelled 2-D points (data kind `tiny`) and an affine network (kind `affine`). */
const pointsModule = tinyTestModule({ train: 128 });

const base = {
  data: { kind: 'tiny' },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'affine' },
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

  it('importance sampling learns only from training steps, not from memory estimates or other loss calls', async () => {
    const udm = createUdm(
      { ...base, posterior: { kind: 'epsilon', time: { kind: 'importance', history: 1 } } },
      modules,
    );
    const time = (udm.posterior as GaussianPosterior).objective!.time as ImportanceTime;
    const observed: number[] = [];
    const inner = time.observe.bind(time);
    time.observe = (t, losses) => {
      observed.push(t.length);
      inner(t, losses);
    };
    await estimateTrainStepMemory({ process: udm.process, posterior: udm.posterior, data: udm.data.train });
    const x0 = tf.zeros([4, 2]);
    const t = Float64Array.from([0, 1, 2, 3]);
    tf.tidy(() => udm.posterior.loss({ x0, eps: x0, xt: x0, t }));
    x0.dispose();
    expect(observed).toEqual([]);
    await udm.train(); // 3 steps of 16
    expect(observed).toEqual([16, 16, 16]);
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
