import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LinspaceGrid, SeededRng, randomNormal, stepPairs, type Time } from '@udm/core';
import { CosineAlphaBar, karrasSigmas, VpContinuousProcess } from '@udm/gaussian';
import { distributionDistance, GaussianMixtureOracle, type MixtureComponent } from '@udm/testing';
import { sigmaDenoiser, type SigmaDenoiser } from './consistency-function/sigma-denoiser.js';
import { l2Distance } from './distance/consistency-distance.js';
import { boundarySigma } from './parameterization/boundary-sigma.js';
import { sampleConsistency } from './sampler/sample-consistency.js';
import { consistencySigmas } from './schedule/consistency-sigmas.js';
import { eulerTeacherStep, heunTeacherStep } from './teacher/teacher-step.js';

await tf.setBackend('cpu');
await tf.ready();

const MIXTURE: MixtureComponent[] = [
  { weight: 0.2, mean: [-1.5, 0], std: 0.3 },
  { weight: 0.3, mean: [1, 1], std: 0.2 },
  { weight: 0.5, mean: [0.5, -1.2], std: [0.4, 0.15] },
];

const process = new VpContinuousProcess(new CosineAlphaBar());
const oracle = new GaussianMixtureOracle(process, MIXTURE);
const sigmaMin = boundarySigma(process);
/** The exact denoiser D(x_e, σ) = E[x0 | x_e] of the mixture, read in σ through the process's time. */
const exactDenoiser: SigmaDenoiser = sigmaDenoiser(process, (xt: tf.Tensor, t: Time) => {
  const p = oracle.predict(xt, t);
  p.eps.dispose();
  return p.x0;
});

const fill = (n: number, v: number) => new Float64Array(n).fill(v);

/** The mixture's exact PF-ODE map x_e(σ_from) ↦ x_e(σ_to): `substeps` Heun steps on a Karras sub-grid. */
function odeMap(x: tf.Tensor, from: number, to: number, substeps = 200): tf.Tensor {
  const n = x.shape[0]!;
  const levels = karrasSigmas(substeps + 1, to, from);
  let y = tf.clone(x);
  for (let i = 0; i < substeps; i++) {
    const next = heunTeacherStep.step(exactDenoiser, y, fill(n, levels[i]!), fill(n, levels[i + 1]!));
    y.dispose();
    y = next;
  }
  return y;
}

/** The exact consistency function f*(x_e, σ) = the ODE map from σ to σ_min (shared σ). */
function exactConsistency(x: tf.Tensor, sigma: number, substeps = 100): tf.Tensor {
  return sigma <= sigmaMin ? tf.clone(x) : odeMap(x, sigma, sigmaMin, substeps);
}

function draws(n: number, seed: number): { x0: tf.Tensor; z: tf.Tensor } {
  const rng = new SeededRng(seed);
  return { x0: tf.tensor2d(Float32Array.from(oracle.sample(n, rng)), [n, 2]), z: randomNormal(rng, [n, 2]) };
}

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('consistency distillation target with the exact mixture denoiser', () => {
  it('one teacher step matches the mixture’s ODE map to solver order (Heun O(h³), Euler O(h²))', () => {
    const { x0, z } = draws(128, 1);
    const errors = (N: number) => {
      const s = consistencySigmas(N, sigmaMin, 80);
      // The step σ_{n+1} → σ_n whose σ_{n+1} is nearest 1 (the middle of the data's scale).
      let n = 0;
      for (let i = 0; i < N - 1; i++)
        if (Math.abs(Math.log(s[i + 1]!)) < Math.abs(Math.log(s[n + 1]!))) n = i;
      const [from, to] = [s[n + 1]!, s[n]!];
      return tf.tidy(() => {
        const x = tf.add(x0, tf.mul(z, from));
        const exact = odeMap(x, from, to, 100);
        const heun = heunTeacherStep.step(exactDenoiser, x, fill(128, from), fill(128, to));
        const euler = eulerTeacherStep.step(exactDenoiser, x, fill(128, from), fill(128, to));
        return { heun: maxAbs(heun, exact), euler: maxAbs(euler, exact), h: from - to };
      });
    };
    const coarse = errors(18);
    const fine = errors(36);
    expect(coarse.heun, JSON.stringify({ coarse, fine })).toBeLessThan(0.1);
    expect(coarse.heun).toBeLessThan(coarse.euler / 3);
    // Halving h: Heun's local error falls ~8×, Euler's ~4×.
    expect(fine.heun).toBeLessThan(coarse.heun / 4);
    expect(fine.euler).toBeLessThan(coarse.euler / 2.5);
    tf.dispose([x0, z]);
  });

  it('the exact consistency function is consistent along the teacher’s step (CD loss ≈ 0), not without it', () => {
    const { x0, z } = draws(128, 2);
    const s = consistencySigmas(18, sigmaMin, 80);
    for (const n of [4, 9, 14]) {
      const [from, to] = [s[n + 1]!, s[n]!];
      const { cd, noStep, ct } = tf.tidy(() => {
        const x = tf.add(x0, tf.mul(z, from));
        const online = exactConsistency(x, from);
        const teacher = heunTeacherStep.step(exactDenoiser, x, fill(128, from), fill(128, to));
        const mean = (a: tf.Tensor, b: tf.Tensor) => tf.mean(l2Distance.distance(a, b)).dataSync()[0]!;
        return {
          cd: mean(online, exactConsistency(teacher, to)),
          noStep: mean(online, exactConsistency(x, to)),
          // CT's target f*(x0 + σ_n z, σ_n) with the same z: unbiased only as N grows, so larger than CD's here.
          ct: mean(online, exactConsistency(tf.add(x0, tf.mul(z, to)), to)),
        };
      });
      expect(cd, JSON.stringify({ n, from, to, cd, noStep, ct })).toBeLessThan(noStep / 100);
      expect(cd).toBeLessThan(ct);
      expect(cd).toBeLessThan(1e-4);
    }
    tf.dispose([x0, z]);
  });
});

describe('consistency sampling with the exact consistency function', () => {
  const reference = {
    mean: oracle.mean(),
    covariance: oracle.covariance(),
    samples: oracle.sample(2000, new SeededRng(99)),
  };
  const exactModel = {
    predict: (xt: tf.Tensor, t: Time) => {
      if (typeof t !== 'number') throw new Error('shared time expected');
      const a = process.alpha(t);
      return { x0: tf.tidy(() => exactConsistency(tf.div(xt, a), process.sigma(t) / a, 40)) };
    },
  };
  for (const steps of [1, 2]) {
    it(`${steps} step(s) from σ_max = 80 reproduce the mixture, without leaking tensors`, () => {
      const before = tf.memory().numTensors;
      const { x0, evaluations } = sampleConsistency({
        process,
        predictor: exactModel,
        pairs: stepPairs(process.time, new LinspaceGrid().times(process.time, steps)),
        shape: [2000, 2],
        rng: new SeededRng(7),
      });
      expect(evaluations).toBe(steps);
      expect(tf.memory().numTensors).toBe(before + 1);
      const d = distributionDistance(x0.dataSync(), reference, 2, 0.3);
      x0.dispose();
      // The bounds of gaussian's oracle-samplers.test.ts (about 4 standard errors of exact draws).
      expect(d.mmd2, JSON.stringify(d)).toBeLessThan(4e-3);
      expect(d.meanError).toBeLessThan(0.09);
      expect(d.covarianceError).toBeLessThan(0.1);
    });
  }

  it('an identity “model” (f = x) is far from the mixture: the test can fail', () => {
    const { x0 } = sampleConsistency({
      process,
      predictor: { predict: (xt: tf.Tensor, t: Time) => ({ x0: tf.div(xt, process.alpha(t as number)) }) },
      pairs: stepPairs(process.time, new LinspaceGrid().times(process.time, 1)),
      shape: [2000, 2],
      rng: new SeededRng(7),
    });
    const d = distributionDistance(x0.dataSync(), reference, 2, 0.3);
    x0.dispose();
    expect(d.mmd2).toBeGreaterThan(0.05);
  });
});
