import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  LeadingGrid,
  LinspaceGrid,
  sample,
  SeededRng,
  stepPairs,
  TrailingGrid,
  type ConditionalStep,
  type TimeGrid,
} from '@udm/core';
import {
  distributionDistance,
  FiniteSetOracle,
  GaussianMixtureOracle,
  type MixtureComponent,
} from '@udm/testing';
import { dpmSolverPp2m } from './ode/dpm-solver-pp-2m.js';
import { eulerSolver } from './ode/euler.js';
import { heunSolver } from './ode/heun.js';
import type { OdeSolver } from './ode/ode-solver.js';
import { sampleOde } from './ode/sample-ode.js';
import type { GaussianProcess } from './process/gaussian-process.js';
import { RectifiedFlowProcess } from './process/rectified-flow-process.js';
import { VeProcess } from './process/ve-process.js';
import { VpContinuousProcess } from './process/vp-continuous-process.js';
import { VpProcess } from './process/vp-process.js';
import { alphasCumprod } from './schedules/beta-schedule.js';
import { CosineAlphaBar } from './schedules/continuous/cosine-alpha-bar.js';
import { LinearSchedule } from './schedules/linear-schedule.js';
import { DdimStep } from './steps/ddim-step.js';
import { DdpmStep } from './steps/ddpm-step.js';
import { fixedLargeVariance, PosteriorMeanStep } from './steps/posterior-mean-step.js';
import { KarrasGrid } from './time/karras-grid.js';

await tf.setBackend('cpu');
await tf.ready();

/**
 * Every sampler, driven by the exact posterior mean of a known Gaussian mixture (no training), must reproduce the
 * mixture: sample mean and covariance close to the true ones and a small MMD² against exact draws. The bounds
 * were set from the spread of exact draws (an exact sampler scores about the same) and fail for a sampler that
 * is wrong (see the control at the end).
 */
const MIXTURE: MixtureComponent[] = [
  { weight: 0.2, mean: [-1.5, 0], std: 0.3 },
  { weight: 0.3, mean: [1, 1], std: 0.2 },
  { weight: 0.5, mean: [0.5, -1.2], std: [0.4, 0.15] },
];
const N = 2000;
const BANDWIDTH = 0.3;
// Sampling noise alone: the mean's standard error is √(0.97/N) ≈ 0.022 per coordinate; the bounds are ~4 of them.
const BOUNDS = { meanError: 0.09, covarianceError: 0.1, mmd2: 4e-3 };

const reference = (() => {
  const o = new GaussianMixtureOracle({ coefficients: (t) => ({ alpha: t, sigma: t }) }, MIXTURE);
  return { mean: o.mean(), covariance: o.covariance(), samples: o.sample(N, new SeededRng(99)) };
})();

type Sampler = (process: GaussianProcess, oracle: GaussianMixtureOracle) => Float32Array;

function withStep(step: (p: GaussianProcess) => ConditionalStep, grid: TimeGrid, steps: number): Sampler {
  return (process, oracle) => {
    const { x0 } = sample({
      process,
      predictor: oracle,
      step: step(process),
      pairs: stepPairs(process.time, grid.times(process.time, steps)),
      shape: [N, 2],
      rng: new SeededRng(7),
    });
    const out = x0.dataSync() as Float32Array;
    x0.dispose();
    return out;
  };
}

function withOde(solver: OdeSolver, grid: TimeGrid, steps: number): Sampler {
  return (process, oracle) => {
    const { x0 } = sampleOde({
      process,
      predictor: oracle,
      solver,
      pairs: stepPairs(process.time, grid.times(process.time, steps)),
      shape: [N, 2],
      rng: new SeededRng(7),
    });
    const out = x0.dataSync() as Float32Array;
    x0.dispose();
    return out;
  };
}

const vp = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
const ve = new VeProcess(0.01, 20);
const rf = new RectifiedFlowProcess();
const vpc = new VpContinuousProcess(new CosineAlphaBar());

const CASES: Array<[string, GaussianProcess, Sampler]> = [
  ['vp: DDPM fixed_small, 1000 steps', vp, withStep((p) => new DdpmStep(p), new LeadingGrid(), 1000)],
  [
    'vp: DDPM fixed_large, 1000 steps',
    vp,
    withStep((p) => new PosteriorMeanStep(p, fixedLargeVariance(p)), new LeadingGrid(), 1000),
  ],
  ['vp: DDIM η = 0, 50 leading steps', vp, withStep((p) => new DdimStep(p), new LeadingGrid(), 50)],
  [
    'vp: DDIM η = 1, 50 trailing steps',
    vp,
    withStep((p) => new DdimStep(p, { eta: 1 }), new TrailingGrid(), 50),
  ],
  ['vp: Euler ODE, 50 linspace steps', vp, withOde(eulerSolver, new LinspaceGrid(), 50)],
  ['vp: Heun ODE, 25 Karras steps', vp, withOde(heunSolver, new KarrasGrid(), 25)],
  ['vp: DPM-Solver++(2M), 25 Karras steps', vp, withOde(dpmSolverPp2m, new KarrasGrid(), 25)],
  ['vp-continuous (cosine): DDPM, 200 steps', vpc, withStep((p) => new DdpmStep(p), new LinspaceGrid(), 200)],
  [
    'vp-continuous (cosine): DPM-Solver++(2M), 20 Karras steps',
    vpc,
    withOde(dpmSolverPp2m, new KarrasGrid(), 20),
  ],
  ['ve: DDIM η = 0, 100 steps', ve, withStep((p) => new DdimStep(p), new LinspaceGrid(), 100)],
  ['ve: DDPM, 200 steps', ve, withStep((p) => new DdpmStep(p), new LinspaceGrid(), 200)],
  ['ve: Heun ODE, 20 Karras steps', ve, withOde(heunSolver, new KarrasGrid(), 20)],
  ['ve: DPM-Solver++(2M), 20 Karras steps', ve, withOde(dpmSolverPp2m, new KarrasGrid(), 20)],
  ['rectified flow: Euler ODE, 100 steps', rf, withOde(eulerSolver, new LinspaceGrid(), 100)],
  ['rectified flow: Heun ODE, 30 steps', rf, withOde(heunSolver, new LinspaceGrid(), 30)],
  ['rectified flow: DPM-Solver++(2M), 30 steps', rf, withOde(dpmSolverPp2m, new LinspaceGrid(), 30)],
  [
    'rectified flow: DDIM η = 0.5, 100 steps',
    rf,
    withStep((p) => new DdimStep(p, { eta: 0.5 }), new LinspaceGrid(), 100),
  ],
];

describe('samplers with the exact posterior of a Gaussian mixture reproduce it', () => {
  it('exact draws are within the bounds (the bounds are not too tight)', () => {
    const o = new GaussianMixtureOracle(vp, MIXTURE);
    const d = distributionDistance(o.sample(N, new SeededRng(1)), reference, 2, BANDWIDTH);
    expect(d.meanError).toBeLessThan(BOUNDS.meanError / 2);
    expect(d.covarianceError).toBeLessThan(BOUNDS.covarianceError / 2);
    expect(d.mmd2).toBeLessThan(BOUNDS.mmd2 / 2);
  });

  it.each(CASES)('%s', (_name, process, run) => {
    const before = tf.memory().numTensors;
    const d = distributionDistance(
      run(process, new GaussianMixtureOracle(process, MIXTURE)),
      reference,
      2,
      BANDWIDTH,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(d.meanError, JSON.stringify(d)).toBeLessThan(BOUNDS.meanError);
    expect(d.covarianceError, JSON.stringify(d)).toBeLessThan(BOUNDS.covarianceError);
    expect(d.mmd2, JSON.stringify(d)).toBeLessThan(BOUNDS.mmd2);
  });

  it('control: a wrong sampler (DDIM in 3 steps) fails the bounds', () => {
    const run = withStep((p) => new DdimStep(p), new LeadingGrid(), 3);
    const d = distributionDistance(run(vp, new GaussianMixtureOracle(vp, MIXTURE)), reference, 2, BANDWIDTH);
    expect(d.mmd2 > BOUNDS.mmd2 || d.covarianceError > BOUNDS.covarianceError).toBe(true);
  });
});

describe('with the exact posterior of a finite data set', () => {
  it('DDIM (η = 0) lands on the data points with their frequencies', () => {
    const data = Float64Array.of(-1, -1, 1, -1, 0, 1, 0.5, 0.2, -0.6, 0.4);
    const points = data.length / 2;
    const oracle = new FiniteSetOracle(vp, data, 2);
    const n = 1000;
    const { x0 } = sample({
      process: vp,
      predictor: oracle,
      step: new DdimStep(vp),
      pairs: stepPairs(vp.time, new LeadingGrid().times(vp.time, 100)),
      shape: [n, 2],
      rng: new SeededRng(11),
    });
    const x = x0.dataSync();
    x0.dispose();
    const counts = new Array<number>(points).fill(0);
    let far = 0;
    for (let i = 0; i < n; i++) {
      let [best, bestD] = [0, Infinity];
      for (let j = 0; j < points; j++) {
        const d = Math.hypot(x[2 * i]! - data[2 * j]!, x[2 * i + 1]! - data[2 * j + 1]!);
        if (d < bestD) [best, bestD] = [j, d];
      }
      counts[best]!++;
      if (bestD > 0.02) far++;
    }
    expect(far).toBeLessThan(n / 100);
    // χ² against uniform frequencies, 4 degrees of freedom: P(χ² > 18.5) ≈ 0.001
    const chi2 = counts.reduce((a, c) => a + (c - n / points) ** 2 / (n / points), 0);
    expect(chi2).toBeLessThan(18.5);
  });
});
