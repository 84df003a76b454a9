import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng, stepPairs, randomNormal, LinspaceGrid, TrailingGrid } from '@udm/core';
import { GaussianMixtureOracle } from '@udm/testing';
import { VeProcess } from '../process/ve-process.js';
import { VpProcess } from '../process/vp-process.js';
import { RectifiedFlowProcess } from '../process/rectified-flow-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { CosineSchedule } from '../schedules/cosine-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { DdimStep } from '../steps/ddim-step.js';
import { KarrasGrid, karrasSigmas } from '../time/karras-grid.js';
import { dpmSolverPp2m } from './dpm-solver-pp-2m.js';
import { edmDenoiser } from './edm-denoiser.js';
import { eulerSolver } from './euler.js';
import { createHeunSolver, HEUN_MAX_SIGMA_RATIO, heunSolver } from './heun.js';
import { denoiserOf, sampleOde } from './sample-ode.js';
import { odeSolverRegistry } from './solver-contributions.js';

await tf.setBackend('cpu');
await tf.ready();

const mixture = [
  { weight: 0.4, mean: [-1, 0.5], std: 0.3 },
  { weight: 0.6, mean: [1, -0.5], std: 0.2 },
];

describe('Karras σ grid', () => {
  it('matches EDM’s formula: endpoints, ρ-spacing, descending', () => {
    const s = karrasSigmas(5, 0.002, 80, 7);
    expect(s[0]).toBeCloseTo(80, 10);
    expect(s[4]).toBeCloseTo(0.002, 12);
    const mid = ((80 ** (1 / 7) + 0.002 ** (1 / 7)) / 2) ** 7;
    expect(s[2]).toBeCloseTo(mid, 10);
  });
  it('maps σ to times of a continuous process exactly and rounds on a discrete one', () => {
    const ve = new VeProcess(0.01, 50);
    const times = new KarrasGrid().times(ve.time, 8);
    const sig = karrasSigmas(8, ve.sigma(ve.time.tMin), 50);
    times.forEach((t, i) => expect(ve.sigma(t) / sig[i]!).toBeCloseTo(1, 9));
    const vp = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
    const d = new KarrasGrid().times(vp.time, 20);
    expect(d[0]).toBe(vp.time.timeOfNoiseToSignal(80)); // σ_max capped at EDM's 80 (σ/α at 999 is 157)
    expect(vp.sigma(d[0]!) / vp.alpha(d[0]!)).toBeCloseTo(80, -1);
    expect(d.every((t, i) => Number.isInteger(t) && (i === 0 || t < d[i - 1]!))).toBe(true);
  });
  it('caps the default σ_max at 80 (rectified flow reaches σ/α = ∞ at t = 1) unless one is given', () => {
    const rf = new RectifiedFlowProcess();
    expect(new KarrasGrid().times(rf.time, 5)[0]).toBeCloseTo(80 / 81, 9);
    const t = new KarrasGrid({ sigmaMin: 0.01, sigmaMax: 99 }).times(rf.time, 5);
    expect(t[0]).toBeCloseTo(0.99, 9);
  });
});

describe('PF-ODE solvers', () => {
  const vp = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
  const oracle = new GaussianMixtureOracle(vp, mixture);
  const pairs = stepPairs(vp.time, [999, 700, 400, 200, 100, 50, 10]);

  it('Euler is DDIM with η = 0', () => {
    const xT = randomNormal(new SeededRng(1), [50, 2]);
    const euler = sampleOde({
      process: vp,
      predictor: oracle,
      solver: eulerSolver,
      pairs,
      shape: [50, 2],
      rng: new SeededRng(0),
      xT,
    });
    const ddim = new DdimStep(vp);
    let x = xT.clone();
    for (const { t, s } of pairs) {
      const next = tf.tidy(() => ddim.step(x, oracle.predict(x, t), t, s, new SeededRng(0)));
      x.dispose();
      x = next;
    }
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(euler.x0, x))).dataSync()[0]!);
    expect(diff).toBeLessThan(1e-4);
    expect(euler.evaluations).toBe(pairs.length);
    tf.dispose([xT, x, euler.x0]);
  });

  it('Euler in x_t is k-diffusion’s Euler in (x/α, σ/α)', () => {
    const ve = new VeProcess(0.01, 20);
    const o = new GaussianMixtureOracle(ve, mixture);
    const D = edmDenoiser(vp, denoiserOf(oracle));
    const times = [999, 500, 100];
    const sig = times.map((t) => vp.sigma(t) / vp.alpha(t));
    const xT = randomNormal(new SeededRng(3), [20, 2]);
    // k-diffusion: x_e = x_T/α_T; x ← x + (σ_next − σ)·(x − D(x, σ))/σ
    let xe = tf.div(xT, vp.alpha(999));
    for (let i = 0; i < times.length; i++) {
      const next = tf.tidy(() => {
        const d = tf.div(tf.sub(xe, D(xe, sig[i]!)), sig[i]!);
        return tf.add(xe, tf.mul(d, (sig[i + 1] ?? 0) - sig[i]!));
      });
      xe.dispose();
      xe = next;
    }
    const ours = sampleOde({
      process: vp,
      predictor: oracle,
      solver: eulerSolver,
      pairs: stepPairs(vp.time, times),
      shape: [20, 2],
      rng: new SeededRng(0),
      xT,
    });
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(ours.x0, xe))).dataSync()[0]!)).toBeLessThan(1e-4);
    tf.dispose([xT, xe, ours.x0]);
    expect(o.dim).toBe(2);
  });

  it('on one Gaussian, Heun and DPM-Solver++(2M) converge faster than Euler (exact ODE solution known)', () => {
    // Data N(μ, s²): the PF-ODE maps x_T to x0 = μ + s·(x_e(σ) − μ)/√(s² + σ²) in k-diffusion's coordinates.
    const [mu, s] = [0.7, 0.5];
    const ve = new VeProcess(0.01, 20);
    const single = new GaussianMixtureOracle(ve, [{ weight: 1, mean: [mu], std: s }]);
    const xT = tf.tensor2d([[-30], [-5], [0], [12], [25]]);
    const exact = Array.from(xT.dataSync(), (v) => mu + (s * (v - mu)) / Math.sqrt(s * s + 400));
    const err = (solver: typeof eulerSolver, steps: number) => {
      const times = new KarrasGrid().times(ve.time, steps);
      const { x0 } = sampleOde({
        process: ve,
        predictor: single,
        solver,
        pairs: stepPairs(ve.time, times),
        shape: [5, 1],
        rng: new SeededRng(0),
        xT,
      });
      const e = Math.max(...Array.from(x0.dataSync(), (v, i) => Math.abs(v - exact[i]!)));
      x0.dispose();
      return e;
    };
    const [euler, heun, dpm] = [err(eulerSolver, 20), err(heunSolver, 20), err(dpmSolverPp2m, 20)];
    expect(heun).toBeLessThan(euler / 3);
    expect(dpm).toBeLessThan(euler / 3);
    // doubling the steps halves Euler's error (first order) and quarters the others' (second order)
    expect(err(eulerSolver, 40)).toBeGreaterThan(euler / 2.5);
    expect(err(heunSolver, 40)).toBeLessThan(heun / 3.5);
    expect(err(dpmSolverPp2m, 40)).toBeLessThan(dpm / 3.5);
    xT.dispose();
  });

  it('handle α_T = 0 (rectified flow from t = 1) and leak nothing', () => {
    const rf = new RectifiedFlowProcess();
    const o = new GaussianMixtureOracle(rf, mixture);
    const rfPairs = stepPairs(rf.time, new LinspaceGrid().times(rf.time, 10));
    for (const solver of [eulerSolver, heunSolver, dpmSolverPp2m]) {
      const before = tf.memory().numTensors;
      const { x0, evaluations } = sampleOde({
        process: rf,
        predictor: o,
        solver,
        pairs: rfPairs,
        shape: [30, 2],
        rng: new SeededRng(5),
      });
      expect(Array.from(x0.dataSync()).every(Number.isFinite)).toBe(true);
      expect(evaluations).toBe(solver === heunSolver ? 2 * 10 - 2 : 10); // Heun: Euler out of α = 0 and into the origin
      x0.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('Heun takes the Euler step where σ_e(t)/σ_e(s) > 3: no blow-up from t = T − 1 of the cosine trailing grid', () => {
    // Cosine schedule: σ/α ≈ 2·10⁴ at t = 999, so the trailing grid's first step has r = σ_e(t)/σ_e(s) ≈ 1,300 and
    // EDM's trapezoid multiplies the change of x̂0 by (r − 1)/2. Data N(μ, s²): the exact ODE end point is known.
    const cosine = new VpProcess(alphasCumprod(new CosineSchedule().betas(1000)));
    const [mu, s] = [0.7, 0.5];
    const single = new GaussianMixtureOracle(cosine, [{ weight: 1, mean: [mu], std: s }]);
    const times = new TrailingGrid().times(cosine.time, 25);
    const sigmaE = (t: number) => cosine.sigma(t) / cosine.alpha(t);
    expect(sigmaE(times[0]!) / sigmaE(times[1]!)).toBeGreaterThan(1000);
    const xT = tf.tensor2d([[-2], [-1], [0], [1.5], [2.5]]);
    const xe = Array.from(xT.dataSync(), (v) => v / cosine.alpha(times[0]!));
    const exact = xe.map((v) => mu + (s * (v - mu)) / Math.sqrt(s * s + sigmaE(times[0]!) ** 2));
    const run = (solver: typeof eulerSolver, predictor = single, x: tf.Tensor = xT) =>
      sampleOde({
        process: cosine,
        predictor,
        solver,
        pairs: stepPairs(cosine.time, times),
        shape: x.shape,
        rng: new SeededRng(0),
        xT: x,
      }).x0;
    const error = (solver: typeof eulerSolver) => {
      const x0 = run(solver);
      const e = Math.max(...Array.from(x0.dataSync(), (v, i) => Math.abs(v - exact[i]!)));
      x0.dispose();
      return e;
    };
    const [euler, guarded, edm] = [
      error(eulerSolver),
      error(heunSolver),
      error(createHeunSolver({ maxSigmaRatio: Infinity })),
    ];
    expect(edm).toBeGreaterThan(0.5); // the blow-up: EDM's Heun misses by more than the data's std
    expect(guarded).toBeLessThan(euler / 3); // guarded: finite, and still far better than Euler
    expect(HEUN_MAX_SIGMA_RATIO).toBe(3);

    // A two-component mixture: the guarded Heun samples stay finite and close to Euler's (= DDIM η = 0) samples.
    const two = new GaussianMixtureOracle(cosine, mixture);
    const x2 = randomNormal(new SeededRng(7), [200, 2]);
    const before = tf.memory().numTensors;
    const [e2, h2, raw2] = [eulerSolver, heunSolver, createHeunSolver({ maxSigmaRatio: Infinity })].map((v) =>
      run(v, two, x2),
    );
    const gap = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
    expect(Array.from(h2!.dataSync()).every(Number.isFinite)).toBe(true);
    expect(gap(h2!, e2!)).toBeLessThan(0.2);
    expect(gap(raw2!, e2!)).toBeGreaterThan(1);
    tf.dispose([e2!, h2!, raw2!]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xT, x2]);
  });

  it('on EDM’s 18-step Karras grid the guard changes only the last two moves (r = 3.0, 3.8), at no accuracy cost', () => {
    const ve = new VeProcess(0.002, 80);
    const [mu, s] = [0.7, 0.5];
    const single = new GaussianMixtureOracle(ve, [{ weight: 1, mean: [mu], std: s }]);
    const times = new KarrasGrid().times(ve.time, 18);
    const ratios = times.slice(0, -1).map((t, k) => ve.sigma(t) / ve.sigma(times[k + 1]!));
    expect(ratios.map((r, k) => (r > HEUN_MAX_SIGMA_RATIO ? k : -1)).filter((k) => k >= 0)).toEqual([15, 16]);
    expect(ratios.at(-1)).toBeCloseTo(3.76, 2);
    const xT = tf.tensor2d([[-80], [-10], [0], [24], [120]]);
    const exact = Array.from(xT.dataSync(), (v) => mu + (s * (v - mu)) / Math.sqrt(s * s + 80 * 80));
    const error = (solver: typeof eulerSolver) => {
      const run = sampleOde({
        process: ve,
        predictor: single,
        solver,
        pairs: stepPairs(ve.time, times),
        shape: [5, 1],
        rng: new SeededRng(0),
        xT,
      });
      const e = Math.max(...Array.from(run.x0.dataSync(), (v, i) => Math.abs(v - exact[i]!)));
      run.x0.dispose();
      return { e, evaluations: run.evaluations };
    };
    const [guarded, edm, euler] = [
      error(heunSolver),
      error(createHeunSolver({ maxSigmaRatio: Infinity })),
      error(eulerSolver),
    ];
    expect(guarded.evaluations).toBe(edm.evaluations - 2);
    expect(guarded.e).toBeLessThan(edm.e * 1.05);
    expect(guarded.e).toBeLessThan(euler.e / 2);
    xT.dispose();
  });

  it('Heun rejects a maxSigmaRatio below 1', () => {
    expect(() => createHeunSolver({ maxSigmaRatio: 0.5 })).toThrow(/maxSigmaRatio: expected a number ≥ 1/);
  });

  it('are registered by kind', () => {
    expect(odeSolverRegistry.kinds).toEqual(['dpmpp-2m', 'euler', 'heun']);
  });
});
