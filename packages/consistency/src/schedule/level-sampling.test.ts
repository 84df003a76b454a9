import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { drawConsistencyPair } from '../objective/consistency-pairs.js';
import { consistencySigmas } from './consistency-sigmas.js';
import { lognormalLevelSampling, uniformLevelSampling } from './level-sampling.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** ∫ N(u; m, s²) du over [a, b] by composite Simpson (independent of the erf the code uses). */
function normalMass(a: number, b: number, m: number, s: number): number {
  const n = 2000;
  const h = (b - a) / n;
  const pdf = (u: number) => Math.exp(-((u - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
  let acc = pdf(a) + pdf(b);
  for (let i = 1; i < n; i++) acc += (i % 2 ? 4 : 2) * pdf(a + i * h);
  return (acc * h) / 3;
}

const SIGMAS = consistencySigmas(41, 0.002, 80);
const [P_MEAN, P_STD] = [-1.1, 2];

/** Counts of each pair n (index n − 1) among `draws` draws of `drawConsistencyPair`, found by σ_{n+1}. */
function counts(draws: number, probabilities?: Float64Array): number[] {
  const pair = drawConsistencyPair(SIGMAS, [draws, 1], new SeededRng(11), probabilities);
  pair.z.dispose();
  const c = new Array<number>(SIGMAS.length - 1).fill(0);
  for (const s of pair.from) c[SIGMAS.indexOf(s) - 1]!++;
  return c;
}

function chiSquare(observed: number[], p: Float64Array, draws: number): { stat: number; df: number } {
  // Bins with fewer than 5 expected draws are pooled into one.
  let [stat, df, pooledObs, pooledExp] = [0, -1, 0, 0];
  observed.forEach((o, i) => {
    const e = p[i]! * draws;
    if (e < 5) [pooledObs, pooledExp] = [pooledObs + o, pooledExp + e];
    else [stat, df] = [stat + (o - e) ** 2 / e, df + 1];
  });
  if (pooledExp > 0) [stat, df] = [stat + (pooledObs - pooledExp) ** 2 / pooledExp, df + 1];
  return { stat, df };
}

describe('level sampling of consistency training', () => {
  it('lognormal: p(n) is the mass of ln σ ~ N(−1.1, 2²) between ln σ_n and ln σ_{n+1}, renormalised', () => {
    const p = lognormalLevelSampling(P_MEAN, P_STD).probabilities(SIGMAS);
    expect(p).toBeInstanceOf(Float64Array);
    expect(p.length).toBe(SIGMAS.length - 1);
    const mass = Array.from(p, (_, n) =>
      normalMass(Math.log(SIGMAS[n]!), Math.log(SIGMAS[n + 1]!), P_MEAN, P_STD),
    );
    const total = mass.reduce((a, b) => a + b, 0);
    p.forEach((v, n) => expect(Math.abs(v - mass[n]! / total)).toBeLessThan(1e-10));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // The mode is the pair around e^{−1.1} ≈ 0.33, not the ends of the grid.
    const mode = p.indexOf(Math.max(...p));
    expect(SIGMAS[mode]!).toBeLessThan(Math.exp(P_MEAN));
    expect(SIGMAS[mode + 1]!).toBeGreaterThan(Math.exp(P_MEAN) / 2);
    expect(p[p.length - 1]!).toBeLessThan(p[mode]! / 10);
  });

  it('empirical pair frequencies of drawConsistencyPair match the discretised lognormal (χ²), and not the uniform', () => {
    const draws = 100_000;
    const lognormal = lognormalLevelSampling(P_MEAN, P_STD).probabilities(SIGMAS);
    const uniform = uniformLevelSampling.probabilities(SIGMAS);
    const observed = counts(draws, lognormal);
    expect(observed.reduce((a, b) => a + b, 0)).toBe(draws);
    const fit = chiSquare(observed, lognormal, draws);
    // χ² with df degrees of freedom: mean df, sd √(2df); 4 sd is far beyond the 99.99 % quantile.
    expect(fit.stat).toBeLessThan(fit.df + 4 * Math.sqrt(2 * fit.df));
    expect(chiSquare(observed, uniform, draws).stat).toBeGreaterThan(100 * fit.df);
    // Each bin within 5 binomial sd.
    observed.forEach((o, i) => {
      const e = lognormal[i]! * draws;
      expect(Math.abs(o - e)).toBeLessThan(5 * Math.sqrt(e * (1 - lognormal[i]!)) + 1);
    });
    // Without probabilities the draws stay uniform (the default of consistency training is unchanged).
    const plain = counts(draws);
    const uniformFit = chiSquare(plain, uniform, draws);
    expect(uniformFit.stat).toBeLessThan(uniformFit.df + 4 * Math.sqrt(2 * uniformFit.df));
  });

  it('uniform gives 1/(N − 1); bad settings and grids are named errors', () => {
    expect(Array.from(uniformLevelSampling.probabilities(SIGMAS))).toEqual(
      new Array(SIGMAS.length - 1).fill(1 / (SIGMAS.length - 1)),
    );
    expect(() => lognormalLevelSampling(-1.1, 0)).toThrow(/pStd: expected a number > 0/);
    expect(() => lognormalLevelSampling(Number.NaN, 2)).toThrow(/pMean: expected a finite number/);
    expect(() => lognormalLevelSampling().probabilities(Float64Array.from([1, 0.5]))).toThrow(/ascending/);
    expect(() => lognormalLevelSampling(200, 0.1).probabilities(SIGMAS)).toThrow(/no mass/);
    expect(() => drawConsistencyPair(SIGMAS, [4, 1], new SeededRng(1), new Float64Array(3))).toThrow(
      /expected 40 probabilities/,
    );
  });
});
