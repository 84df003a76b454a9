import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createUdm, LinspaceGrid, SeededRng, stepPairs } from '@udm/core';
import { eulerSolver, gaussianModule, RectifiedFlowProcess, sampleOde } from '@udm/gaussian';
import {
  distributionDistance,
  GaussianMixtureOracle,
  tinyTestModule,
  type MixtureComponent,
} from '@udm/testing';
import { exactOtCoupling, independentCoupling, squaredDistances } from './coupling/minibatch-coupling.js';
import { flowMatchingModule } from './flow-matching-module.js';
import { CoupledFlowProcess } from './process/coupled-flow-process.js';
import { midpointSolver } from './solver/midpoint.js';

await tf.setBackend('cpu');
await tf.ready();

const MIXTURE: MixtureComponent[] = [
  { weight: 0.2, mean: [-1.5, 0], std: 0.3 },
  { weight: 0.3, mean: [1, 1], std: 0.2 },
  { weight: 0.5, mean: [0.5, -1.2], std: [0.4, 0.15] },
];

describe('minibatch OT coupling', () => {
  it('keeps the noise marginal (a permutation of the draws) and minimises the total squared cost', () => {
    const rng = new SeededRng(2);
    const x0 = tf.tensor2d(Float32Array.from(rng.normals(64 * 3)), [64, 3]);
    const eps = tf.tensor2d(Float32Array.from(rng.normals(64 * 3)), [64, 3]);
    const ot = exactOtCoupling.couple(x0, eps);
    const ind = independentCoupling.couple(x0, eps);
    const rows = (t: tf.Tensor) => (t.arraySync() as number[][]).map((r) => r.join(',')).sort();
    expect(rows(ot)).toEqual(rows(eps));
    const total = (e: tf.Tensor) => {
      const c = squaredDistances(x0.dataSync(), e.dataSync(), 64);
      let s = 0;
      for (let i = 0; i < 64; i++) s += c[i * 64 + i]!;
      return s;
    };
    expect(total(ot)).toBeLessThan(total(ind) * 0.8);
    // No single swap of two pairs lowers the cost (2-optimality, implied by optimality).
    const c = squaredDistances(x0.dataSync(), ot.dataSync(), 64);
    for (let i = 0; i < 64; i++)
      for (let j = i + 1; j < 64; j++)
        expect(c[i * 64 + i]! + c[j * 64 + j]!).toBeLessThanOrEqual(c[i * 64 + j]! + c[j * 64 + i]! + 1e-4);
    tf.dispose([x0, eps, ot, ind]);
  });

  it('CoupledFlowProcess couples training noise and is rectified flow otherwise', () => {
    const p = new CoupledFlowProcess(exactOtCoupling);
    const rf = new RectifiedFlowProcess();
    for (const t of [0, 0.3, 1]) {
      expect(p.alpha(t)).toBe(rf.alpha(t));
      expect(p.sigma(t)).toBe(rf.sigma(t));
    }
    const x0 = tf.tensor2d([
      [5, 5],
      [-5, -5],
    ]);
    const before = tf.memory().numTensors;
    const eps = p.sampleNoise(x0, new SeededRng(1));
    expect(tf.memory().numTensors).toBe(before + 1);
    const e = eps.arraySync() as number[][];
    // Each data point is paired with the draw on its side.
    expect(e[0]![0]! + e[0]![1]!).toBeGreaterThan(e[1]![0]! + e[1]![1]!);
    tf.dispose([x0, eps]);
  });
});

describe('midpoint solver', () => {
  it('with the exact mixture posterior on rectified flow reproduces the mixture in 20 steps', () => {
    const rf = new RectifiedFlowProcess();
    const oracle = new GaussianMixtureOracle(rf, MIXTURE);
    const exact = new GaussianMixtureOracle({ coefficients: (t) => ({ alpha: t, sigma: t }) }, MIXTURE);
    const reference = {
      mean: exact.mean(),
      covariance: exact.covariance(),
      samples: exact.sample(2000, new SeededRng(99)),
    };
    const run = (solver: typeof midpointSolver, steps: number) => {
      const { x0 } = sampleOde({
        process: rf,
        predictor: oracle,
        solver,
        pairs: stepPairs(rf.time, new LinspaceGrid().times(rf.time, steps)),
        shape: [2000, 2],
        rng: new SeededRng(7),
      });
      const out = x0.dataSync();
      x0.dispose();
      return out;
    };
    // The bounds of gaussian's oracle-samplers.test.ts (about 4 standard errors of exact draws).
    const mid = distributionDistance(run(midpointSolver, 20), reference, 2, 0.3);
    expect(mid.mmd2, JSON.stringify(mid)).toBeLessThan(4e-3);
    expect(mid.meanError).toBeLessThan(0.09);
    expect(mid.covarianceError).toBeLessThan(0.1);
    // Second order: at 4 steps midpoint (8 evaluations) beats Euler with 8 steps.
    const m4 = distributionDistance(run(midpointSolver, 4), reference, 2, 0.3);
    const e8 = distributionDistance(run(eulerSolver, 8), reference, 2, 0.3);
    expect(m4.mmd2).toBeLessThan(e8.mmd2);
  });
});

describe('flowMatchingModule from a config', () => {
  it('trains ot-cfm with the flow posterior and samples with midpoint; unknown coupling is a named error', async () => {
    const modules = [gaussianModule, flowMatchingModule, tinyTestModule({ classes: 2 })];
    const config = (process: object) => ({
      seed: 1,
      data: { kind: 'tiny' },
      process,
      network: { kind: 'affine' },
      posterior: { kind: 'flow' },
      train: { steps: 10, batchSize: 16, ema: 0 },
      sample: { step: { kind: 'ddim' }, sampler: { kind: 'midpoint' }, steps: 8, count: 10 },
    });
    const udm = createUdm(config({ kind: 'ot-cfm' }), modules);
    expect(udm.config.process).toEqual({ kind: 'ot-cfm', coupling: 'exact-ot', tMin: 0 });
    await udm.train();
    const before = tf.memory().numTensors;
    const { x0 } = udm.sample();
    expect(x0.shape).toEqual([10, 2]);
    expect(Array.from(x0.dataSync()).every(Number.isFinite)).toBe(true);
    x0.dispose();
    expect(tf.memory().numTensors).toBe(before);
    udm.dispose();
    expect(() => createUdm(config({ kind: 'ot-cfm', coupling: 'sinkhorn' }), modules)).toThrow(
      /process\.coupling: expected one of "exact-ot", "independent", got "sinkhorn"/,
    );
  });
});
