import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GaussianScheduler } from '../scheduler/gaussian-scheduler.js';
import { absStats, dummyModel, dummySample } from './dummy.js';

await tf.setBackend('cpu');
await tf.ready();

/**
 * diffusers' DDIMScheduler test protocol (tests/schedulers/test_scheduler_ddim.py): T = 1000 linear betas
 * 1e-4..0.02, clip_sample on, 10 steps, η = 0, `leading` spacing; the expected Σ|x| and mean |x| are the
 * values asserted there (tolerances 1e-2 and 1e-3, as there).
 */
function fullLoop(overrides: { betaStart?: number; prediction?: string; setAlphaToOne?: boolean } = {}) {
  const scheduler = new GaussianScheduler({
    process: {
      kind: 'vp',
      schedule: { kind: 'linear', betaStart: overrides.betaStart ?? 1e-4, betaEnd: 0.02 },
    },
    prediction: { kind: overrides.prediction ?? 'epsilon' },
    step: { kind: 'ddim', eta: 0, clipSample: true, setAlphaToOne: overrides.setAlphaToOne ?? true },
    grid: { kind: 'leading' },
    steps: 10,
  });
  const x = dummySample();
  const out = scheduler.run(dummyModel, x);
  const stats = absStats(out);
  tf.dispose([x, out]);
  return stats;
}

describe('DDIM parity with diffusers', () => {
  it('ε-prediction: Σ|x| = 172.0067, mean 0.223967', () => {
    const { sum, mean } = fullLoop();
    expect(Math.abs(sum - 172.0067)).toBeLessThan(1e-2);
    expect(Math.abs(mean - 0.223967)).toBeLessThan(1e-5);
  });

  it('v-prediction: Σ|x| = 52.5302, mean 0.0684', () => {
    const { sum, mean } = fullLoop({ prediction: 'v' });
    expect(Math.abs(sum - 52.5302)).toBeLessThan(1e-2);
    expect(Math.abs(mean - 0.0684)).toBeLessThan(1e-3);
  });

  it('set_alpha_to_one = true with βstart = 0.01: Σ|x| = 149.8295', () => {
    const { sum, mean } = fullLoop({ betaStart: 0.01, setAlphaToOne: true });
    expect(Math.abs(sum - 149.8295)).toBeLessThan(1e-2);
    expect(Math.abs(mean - 0.1951)).toBeLessThan(1e-3);
  });

  it('set_alpha_to_one = false with βstart = 0.01: Σ|x| = 149.0784', () => {
    const { sum, mean } = fullLoop({ betaStart: 0.01, setAlphaToOne: false });
    expect(Math.abs(sum - 149.0784)).toBeLessThan(1e-2);
    expect(Math.abs(mean - 0.1941)).toBeLessThan(1e-3);
  });

  it('with noise added at the 9th of 10 times (t = 100): Σ|x| = 354.5418', () => {
    const scheduler = new GaussianScheduler({
      step: { kind: 'ddim', clipSample: true },
      steps: 10,
    });
    const [x0, noise] = [dummySample(), dummySample(true)];
    const xt = scheduler.addNoise(x0, noise, 8);
    const out = scheduler.run(dummyModel, xt, { from: 8 });
    const { sum, mean } = absStats(out);
    expect(Math.abs(sum - 354.5418)).toBeLessThan(1e-2);
    expect(Math.abs(mean - 0.4616)).toBeLessThan(1e-3);
    tf.dispose([x0, noise, xt, out]);
  });
});
