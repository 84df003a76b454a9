import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng, type PointPrediction, type Predictor } from '@udm/core';
import { GaussianMixtureOracle, type MixtureComponent } from '@udm/testing';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { RectifiedFlowProcess } from '../process/rectified-flow-process.js';
import { VeProcess } from '../process/ve-process.js';
import { VpContinuousProcess } from '../process/vp-continuous-process.js';
import { CosineAlphaBar } from '../schedules/continuous/cosine-alpha-bar.js';
import { exactDivergence, hutchinsonDivergence } from './divergence.js';
import { pfOdeLikelihood } from './pf-ode-likelihood.js';
import { dormandPrince, rk4 } from './runge-kutta.js';

await tf.setBackend('cpu');
await tf.ready();

const MIXTURE: MixtureComponent[] = [
  { weight: 0.2, mean: [-1.5, 0], std: 0.3 },
  { weight: 0.3, mean: [1, 1], std: 0.2 },
  { weight: 0.5, mean: [0.5, -1.2], std: [0.4, 0.15] },
];

/** The exact mixture denoiser, differentiable in x_t. */
function oracle(process: GaussianProcess): {
  predictor: Predictor<tf.Tensor, PointPrediction>;
  mixture: GaussianMixtureOracle;
} {
  const mixture = new GaussianMixtureOracle(process, MIXTURE);
  return {
    mixture,
    predictor: {
      predict: (xt, t) => ({
        x0: mixture.posteriorMeanTensor(xt, process.alpha(t as number), process.sigma(t as number)),
      }),
    },
  };
}

const points = (n: number, seed: number) =>
  new GaussianMixtureOracle({ coefficients: (t) => ({ alpha: t, sigma: t }) }, MIXTURE).sample(
    n,
    new SeededRng(seed),
  );

const processes: Array<[string, GaussianProcess]> = [
  ['vp-continuous (cosine)', new VpContinuousProcess(new CosineAlphaBar())],
  ['ve', new VeProcess(0.01, 20)],
  ['rectified flow', new RectifiedFlowProcess()],
];

describe('PF-ODE likelihood with the exact mixture denoiser equals the mixture log-density', () => {
  it.each(processes)('%s: exact divergence, RK45 and RK4', (_name, process) => {
    const { predictor, mixture } = oracle(process);
    const data = points(24, 5);
    const x = tf.tensor2d(Float32Array.from(data), [24, 2]);
    const tStart = 1e-3;
    const truth = mixture.logDensity(data, process.alpha(tStart), process.sigma(tStart));
    const T = process.time.tMax;
    const exactPrior = (xT: tf.Tensor) =>
      tf.tensor1d(Float32Array.from(mixture.logDensity(xT.dataSync(), process.alpha(T), process.sigma(T))));
    const before = tf.memory().numTensors;
    for (const integrator of [dormandPrince({ rtol: 1e-5, atol: 1e-5 }), rk4(100)]) {
      const r = pfOdeLikelihood({
        process,
        predictor,
        x,
        integrator,
        divergence: exactDivergence,
        rng: new SeededRng(1),
        tStart,
        tEnd: T,
        priorLogDensity: exactPrior,
      });
      const err = Math.max(...r.nll.map((v, i) => Math.abs(v + truth[i]!)));
      expect(
        err,
        `${integrator.kind}: max |NLL + log p| = ${err}, ${r.evaluations} evaluations`,
      ).toBeLessThan(2e-3);
    }
    // With the N(0, priorStd²) prior in place of the exact p_T the error is only that prior's mismatch.
    const r = pfOdeLikelihood({
      process,
      predictor,
      x,
      integrator: rk4(50),
      divergence: exactDivergence,
      rng: new SeededRng(1),
      tStart,
    });
    const mean = r.nll.reduce((a, v, i) => a + v + truth[i]!, 0) / 24;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('Hutchinson is unbiased: its mean over points matches the exact divergence within its standard error', () => {
    const process = new VpContinuousProcess(new CosineAlphaBar());
    const { predictor, mixture } = oracle(process);
    const n = 400;
    const data = points(n, 9);
    const x = tf.tensor2d(Float32Array.from(data), [n, 2]);
    const common = { process, predictor, x, integrator: rk4(40), rng: new SeededRng(3), tStart: 1e-3 };
    const exact = pfOdeLikelihood({ ...common, divergence: exactDivergence }).nll;
    const hutch = pfOdeLikelihood({ ...common, divergence: hutchinsonDivergence }).nll;
    const diff = Array.from(hutch, (v, i) => v - exact[i]!);
    const m = diff.reduce((a, v) => a + v, 0) / n;
    const se = Math.sqrt(diff.reduce((a, v) => a + (v - m) ** 2, 0) / (n - 1) / n);
    expect(se).toBeGreaterThan(0); // it is an estimate, not the exact trace
    expect(Math.abs(m)).toBeLessThan(4 * se);
    const truth = mixture.logDensity(data, process.alpha(1e-3), process.sigma(1e-3));
    expect(Math.abs(exact.reduce((a, v, i) => a + v + truth[i]!, 0) / n)).toBeLessThan(0.02);
    x.dispose();
  });

  it('refuses a discrete-time process and a bad start time', () => {
    const process = new VpContinuousProcess(new CosineAlphaBar());
    const { predictor } = oracle(process);
    const x = tf.zeros([2, 2]);
    const base = {
      process,
      predictor,
      x,
      integrator: rk4(2),
      divergence: exactDivergence,
      rng: new SeededRng(1),
    };
    expect(() => pfOdeLikelihood({ ...base, tStart: 1 })).toThrow(/tStart: expected a time in/);
    expect(() => rk4(0)).toThrow(/steps: expected a positive integer/);
    expect(() => dormandPrince({ rtol: 0, atol: 1e-5 })).toThrow(/rtol, atol/);
    x.dispose();
  });
});

describe('the pf-ode-likelihood evaluator of udm eval', () => {
  it('is bound by gaussianModule and reports finite bits/dim for a trained model, without leaking', async () => {
    const { createUdm } = await import('@udm/core');
    const { tinyTestModule } = await import('@udm/testing');
    const { gaussianModule } = await import('../gaussian-module.js');
    const { pfOdeLikelihoodEvaluator } = await import('./likelihood-evaluator.js');
    const { EVALUATOR } = await import('@udm/core');
    const build = (process: object) =>
      createUdm(
        {
          seed: 1,
          data: { kind: 'tiny' },
          process,
          network: { kind: 'affine' },
          posterior: { kind: 'epsilon' },
          train: { steps: 20, batchSize: 16, ema: 0 },
          sample: { step: { kind: 'ddim' }, steps: 10 },
        },
        [gaussianModule, tinyTestModule({ classes: 2 })],
      );
    const udm = build({ kind: 'rectified-flow' });
    await udm.train();
    expect(udm.container.getAll(EVALUATOR)).toContain(pfOdeLikelihoodEvaluator);
    expect(pfOdeLikelihoodEvaluator.unsupported(udm)).toBeUndefined();
    const before = tf.memory().numTensors;
    const a = pfOdeLikelihoodEvaluator.evaluate({ udm, seed: 3, maxExamples: 8 });
    const b = pfOdeLikelihoodEvaluator.evaluate({ udm, seed: 3, maxExamples: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(a.bitsPerDim)).toBe(true);
    expect(a.exactDivergence).toBe(1);
    expect(a).toEqual(b);
    udm.dispose();
    const discrete = build({ kind: 'vp', T: 10 });
    expect(pfOdeLikelihoodEvaluator.unsupported(discrete)).toMatch(/continuous-time/);
    discrete.dispose();
  });
});
