import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LinspaceGrid, SeededRng, stepPairs, type TimeGrid } from '@udm/core';
import { distributionDistance, GaussianMixtureOracle, type MixtureComponent } from '@udm/testing';
import { dpmSolverPp2m } from '../ode/dpm-solver-pp-2m.js';
import { eulerSolver } from '../ode/euler.js';
import { heunSolver } from '../ode/heun.js';
import type { OdeSolver } from '../ode/ode-solver.js';
import { sampleOde } from '../ode/sample-ode.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { RectifiedFlowProcess } from '../process/rectified-flow-process.js';
import { VeProcess } from '../process/ve-process.js';
import { VpContinuousProcess } from '../process/vp-continuous-process.js';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { CosineAlphaBar } from '../schedules/continuous/cosine-alpha-bar.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { KarrasGrid } from '../time/karras-grid.js';
import { createDpmSolverPp2mSde } from './dpm-solver-pp-2m-sde.js';
import { createEdmStochastic } from './edm-stochastic.js';
import { createEulerAncestral } from './euler-ancestral.js';
import { createEulerMaruyama } from './euler-maruyama.js';
import { createGammaSde, gammaExponentialStep } from './gamma-exponential.js';
import { createPredictorCorrector } from './predictor-corrector.js';
import { logSnrStep } from './sde-math.js';

await tf.setBackend('cpu');
await tf.ready();

const MIXTURE: MixtureComponent[] = [
  { weight: 0.2, mean: [-1.5, 0], std: 0.3 },
  { weight: 0.3, mean: [1, 1], std: 0.2 },
  { weight: 0.5, mean: [0.5, -1.2], std: [0.4, 0.15] },
];
const N = 2000;
const BANDWIDTH = 0.3;
const exact = new GaussianMixtureOracle({ coefficients: (t) => ({ alpha: t, sigma: t }) }, MIXTURE);
const reference = {
  mean: exact.mean(),
  covariance: exact.covariance(),
  samples: exact.sample(N, new SeededRng(99)),
};

/** Fractions of samples whose most probable component (under the mixture itself) is k. */
function modeWeights(x: ArrayLike<number>): number[] {
  const counts = new Array<number>(MIXTURE.length).fill(0);
  const n = x.length / 2;
  for (let i = 0; i < n; i++) {
    let [best, bestL] = [0, -Infinity];
    MIXTURE.forEach((c, k) => {
      let l = Math.log(c.weight);
      for (let d = 0; d < 2; d++) {
        const s = typeof c.std === 'number' ? c.std : c.std[d]!;
        l -= Math.log(s) + (x[2 * i + d]! - c.mean[d]!) ** 2 / (2 * s * s);
      }
      if (l > bestL) [best, bestL] = [k, l];
    });
    counts[best]!++;
  }
  return counts.map((c) => c / n);
}

function maxDiff(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
}

const referenceModes = modeWeights(reference.samples);

/**
 * The oracle's seed-to-seed spread: the same distances for exact draws of 5 other seeds. A sampler passes when
 * it is within 2× the largest of them (MMD², moments) and its mode weights within 2× the largest mode-weight gap.
 */
const spread = (() => {
  const d = [1, 2, 3, 4, 5].map((seed) => {
    const x = exact.sample(N, new SeededRng(seed));
    return {
      ...distributionDistance(x, reference, 2, BANDWIDTH),
      modes: maxDiff(modeWeights(x), referenceModes),
    };
  });
  const max = (f: (v: (typeof d)[number]) => number) => Math.max(...d.map(f));
  return {
    mmd2: 2 * max((v) => v.mmd2),
    meanError: 2 * max((v) => v.meanError),
    covarianceError: 2 * max((v) => v.covarianceError),
    modes: 2 * max((v) => v.modes),
  };
})();

function run(process: GaussianProcess, solver: OdeSolver, grid: TimeGrid, steps: number, seed = 7) {
  const { x0 } = sampleOde({
    process,
    predictor: new GaussianMixtureOracle(process, MIXTURE),
    solver,
    pairs: stepPairs(process.time, grid.times(process.time, steps)),
    shape: [N, 2],
    rng: new SeededRng(seed),
  });
  const out = x0.dataSync() as Float32Array;
  x0.dispose();
  return out;
}

const vp = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
const vpc = new VpContinuousProcess(new CosineAlphaBar());
const ve = new VeProcess(0.01, 20);
const rf = new RectifiedFlowProcess();
const karras = new KarrasGrid();
const linspace = new LinspaceGrid();

type Case = [string, GaussianProcess, OdeSolver, TimeGrid, number];
const solvers: Array<[string, OdeSolver, number]> = [
  ['sde η = 1 (reverse SDE)', createGammaSde({ eta: 1 }), 100],
  ['sde η = 0.5', createGammaSde({ eta: 0.5 }), 100],
  ['euler-maruyama η = 1', createEulerMaruyama({ eta: 1 }), 400],
  ['euler-ancestral', createEulerAncestral({ eta: 1 }), 100],
  ['dpmpp-2m-sde', createDpmSolverPp2mSde({ eta: 1 }), 100],
  ['edm S_churn = 40', createEdmStochastic({ sChurn: 40, sTmin: 0.05, sTmax: 50, sNoise: 1 }), 40],
  ['pc-langevin', createPredictorCorrector({ snr: 0.16, steps: 1 }), 100],
];
const processes: Array<[string, GaussianProcess, TimeGrid]> = [
  ['vp', vp, karras],
  ['vp-continuous', vpc, karras],
  ['ve', ve, karras],
  ['rectified flow', rf, linspace],
];
const CASES: Case[] = processes.flatMap(([pn, p, g]) =>
  solvers.map(([sn, s, steps]): Case => [`${pn}: ${sn}, ${steps} steps`, p, s, g, steps]),
);

describe('reverse-SDE samplers with the exact posterior of a Gaussian mixture reproduce it', () => {
  it.each(CASES)('%s', (_name, process, solver, grid, steps) => {
    const before = tf.memory().numTensors;
    const x = run(process, solver, grid, steps);
    expect(tf.memory().numTensors).toBe(before);
    const d = {
      ...distributionDistance(x, reference, 2, BANDWIDTH),
      modes: maxDiff(modeWeights(x), referenceModes),
    };
    const info = JSON.stringify({ d, spread });
    expect(d.mmd2, info).toBeLessThan(spread.mmd2);
    expect(d.meanError, info).toBeLessThan(spread.meanError);
    expect(d.covarianceError, info).toBeLessThan(spread.covarianceError);
    expect(d.modes, info).toBeLessThan(spread.modes);
  });

  it("control: noise added to the PF-ODE without the family's extra drift −½γ²s fails the bounds", () => {
    const wrong: OdeSolver = {
      kind: 'wrong',
      description: 'ODE drift + reverse-SDE noise',
      evaluationsPerStep: 1,
      step: ({ process, x, t, s, x0, noise }) =>
        tf.tidy(() => {
          const ode = eulerSolver.step({ process, x, t, s, x0, denoise: () => x0 });
          const q = Math.exp(-logSnrStep(process, t, s));
          return process.sigma(s) === 0
            ? ode
            : tf.add(ode, tf.mul(noise!(x.shape), process.sigma(s) * Math.sqrt(1 - q * q)));
        }),
    };
    const x = run(vp, wrong, karras, 100);
    const d = {
      ...distributionDistance(x, reference, 2, BANDWIDTH),
      modes: maxDiff(modeWeights(x), referenceModes),
    };
    expect(d.mmd2 > spread.mmd2 || d.covarianceError > spread.covarianceError).toBe(true);
  });
});

describe('exact identities of the reverse-SDE family', () => {
  const xT = () => tf.tidy(() => tf.mul(tf.randomNormal([64, 2], 0, 1, 'float32', 5), 1));
  function final(process: GaussianProcess, solver: OdeSolver, steps: number, x: tf.Tensor): Float32Array {
    const { x0 } = sampleOde({
      process,
      predictor: new GaussianMixtureOracle(process, MIXTURE),
      solver,
      pairs: stepPairs(process.time, karras.times(process.time, steps)),
      shape: x.shape,
      rng: new SeededRng(3),
      xT: x,
    });
    const out = x0.dataSync() as Float32Array;
    x0.dispose();
    return out;
  }
  const close = (a: Float32Array, b: Float32Array, tol = 1e-4) =>
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(tol);

  it.each([
    ['sde η = 0 is Euler (DDIM)', createGammaSde({ eta: 0 }), eulerSolver],
    ['euler-maruyama η = 0 is Euler', createEulerMaruyama({ eta: 0 }), eulerSolver],
    ['euler-ancestral η = 0 is Euler', createEulerAncestral({ eta: 0 }), eulerSolver],
    ['dpmpp-2m-sde η = 0 is DPM-Solver++(2M)', createDpmSolverPp2mSde({ eta: 0 }), dpmSolverPp2m],
    [
      'edm with S_churn = 0 is Heun',
      createEdmStochastic({ sChurn: 0, sTmin: 0, sTmax: 80, sNoise: 1 }),
      heunSolver,
    ],
    [
      'pc-langevin without corrector steps is sde η = 1',
      createPredictorCorrector({ snr: 0.16, steps: 0 }),
      createGammaSde({ eta: 1 }),
    ],
  ])('%s', (_name, a, b) => {
    const x = xT();
    for (const p of [vp, ve, rf]) close(final(p, a, 12, x), final(p, b, 12, x));
    x.dispose();
  });

  it('sde η = 1: one step is the Gaussian posterior q(x_s | x_t, x0) (seed 002) for a known x0', () => {
    const [t, s] = [0.6, 0.35];
    const [at, st, as, ss] = [vpc.alpha(t), vpc.sigma(t), vpc.alpha(s), vpc.sigma(s)];
    const a = at / as;
    const v = st * st - a * a * ss * ss;
    const [mx, m0, sd] = [
      (a * ss * ss) / (st * st),
      (as * v) / (st * st),
      Math.sqrt((v * ss * ss) / (st * st)),
    ];
    const x = tf.tensor2d([[0.7, -1.3]]);
    const x0 = tf.tensor2d([[0.2, 0.5]]);
    const z = tf.tensor2d([[0.3, -0.8]]);
    const y = gammaExponentialStep(vpc, x, x0, t, s, 1, () => tf.clone(z)).arraySync() as number[][];
    const expected = [0.7 * mx + 0.2 * m0 + 0.3 * sd, -1.3 * mx + 0.5 * m0 - 0.8 * sd];
    expect(y[0]![0]).toBeCloseTo(expected[0]!, 5);
    expect(y[0]![1]).toBeCloseTo(expected[1]!, 5);
    tf.dispose([x, x0, z]);
  });

  it('noise comes from the seeded rng or an injected source: same seed, same samples', () => {
    const solver = createDpmSolverPp2mSde({ eta: 1 });
    const a = run(ve, solver, karras, 10, 21);
    const b = run(ve, solver, karras, 10, 21);
    const c = run(ve, solver, karras, 10, 22);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    let calls = 0;
    const { x0 } = sampleOde({
      process: ve,
      predictor: new GaussianMixtureOracle(ve, MIXTURE),
      solver,
      pairs: stepPairs(ve.time, karras.times(ve.time, 10)),
      shape: [8, 2],
      rng: new SeededRng(1),
      noise: (shape) => {
        calls++;
        return tf.zeros([...shape]);
      },
    });
    x0.dispose();
    expect(calls).toBe(9); // every step but the last (into the origin, which returns x̂0)
  });

  it('rejects bad settings with the name of the field', () => {
    expect(() => createGammaSde({ eta: -1 })).toThrow(/eta: expected a finite number ≥ 0/);
    expect(() => createEdmStochastic({ sChurn: 1, sTmin: 2, sTmax: 1, sNoise: 1 })).toThrow(/sTmin, sTmax/);
    expect(() => createPredictorCorrector({ snr: 0, steps: 1 })).toThrow(/snr/);
  });
});
