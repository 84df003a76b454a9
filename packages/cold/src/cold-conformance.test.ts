import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, FreshNoiseStep, SeededRng, randomUniform, type Rng } from '@udm/core';
import { checkMarginalConstraint, runConformance } from '@udm/testing';
import { CumulativeBlur } from './degradations/cumulative-blur.js';
import { PADDINGS } from './degradations/padding.js';
import { Pixelate } from './degradations/pixelate.js';
import type { Degradation } from './degradations/degradation.js';
import { DegradedDataPrior } from './prior/degraded-data-prior.js';
import { ColdProcess } from './process/cold-process.js';
import { ImprovedColdStep } from './steps/improved-cold-step.js';

await tf.setBackend('cpu');
await tf.ready();

// Small images and few levels keep the kit's 4,000-copy marginal check fast on the cpu backend.
const ITEM = [6, 6, 1];
const makeX0 = (batch: number, rng: Rng) => randomUniform(rng, [batch, ...ITEM]);
const data = new ArrayDataset(Float32Array.from(new SeededRng(1).uniforms(64 * 36)), ITEM);
const prior = { components: 2, noise: 0.002, fitSize: 64, jitter: 1e-4, seed: 0 };

describe.each([
  [
    'gaussian-blur (T = 6, kernel 5, σ = 2)',
    new CumulativeBlur(new Float64Array(6).fill(2), 5, PADDINGS.reflect),
  ],
  ['pixelate', new Pixelate([1, 2, 3, 6], ITEM)],
] as Array<[string, Degradation]>)(
  'the cold process with %s passes the conformance kit',
  (_name, degradation) => {
    const process = new ColdProcess(degradation, new DegradedDataPrior(degradation, data, prior));
    const results = runConformance({
      name: 'cold',
      process,
      makeX0,
      steps: [
        { name: 'naive (fresh-noise)', step: new FreshNoiseStep(process) },
        { name: 'Algorithm 2', step: new ImprovedColdStep(process) },
      ],
    });
    it('runs the checks that apply to a non-invertible process', () => {
      const names = results.map((r) => r.name).join('\n');
      for (const kind of [
        'shapes',
        'identity at the origin',
        'same seed',
        'no tensor leaks',
        'marginal constraint',
      ]) {
        expect(names).toContain(kind);
      }
      expect(names).not.toContain('invertibility');
    });
    it.each(results.map((r) => [r.name, r] as const))('%s', (_n, r) => {
      expect(r.passed, r.detail).toBe(true);
    });
  },
);

describe('ColdProcess', () => {
  const process = new ColdProcess(new CumulativeBlur(new Float64Array(5).fill(1), 3, PADDINGS.reflect));

  it('has T discrete levels with the clean image at −1, ignores ε and draws no noise', () => {
    expect(process.time.tMax).toBe(4);
    expect(process.time.origin).toBe(-1);
    const x0 = tf.ones([2, 6, 6, 1]);
    const rng = new SeededRng(3);
    const state = JSON.stringify(rng.getState());
    const eps = process.sampleNoise(x0, rng);
    expect(JSON.stringify(rng.getState())).toBe(state);
    const a = process.forward(x0, eps, 3);
    const b = process.forward(x0, tf.randomNormal(x0.shape, 0, 1, 'float32', 1), 3);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x0, eps, a, b]);
  });

  it('needs image batches and a prior to sample from', () => {
    expect(() => process.forward(tf.ones([2, 4]), tf.ones([2, 4]), 0)).toThrow(
      /expected images \[B, height, width, channels\]/,
    );
    expect(() => process.prior([1, 6, 6, 1], new SeededRng(0))).toThrow(/no prior p\(x_T\)/);
  });
});

describe('the kit has teeth for cold steps', () => {
  it('rejects a step that stays at level t instead of moving to s', () => {
    const degradation = new CumulativeBlur(new Float64Array(6).fill(2), 5, PADDINGS.reflect);
    const process = new ColdProcess(degradation, new DegradedDataPrior(degradation, data, prior));
    const results = checkMarginalConstraint({
      name: 'wrong',
      process,
      makeX0,
      steps: [{ name: 'stays', step: { step: (_xt, p, t) => process.degrade(p.x0, t) } }],
    });
    expect(results.some((r) => !r.passed)).toBe(true);
  });
});
