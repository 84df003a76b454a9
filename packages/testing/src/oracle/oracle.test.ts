import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mapTime, SeededRng, type Time } from '@udm/core';
import { FiniteSetOracle } from './finite-set-oracle.js';
import { GaussianMixtureOracle } from './gaussian-mixture-oracle.js';
import { sampleMoments } from './sample-statistics.js';

await tf.setBackend('cpu');
await tf.ready();

/** x_t = cos(πt/2)·x0 + sin(πt/2)·ε. */
const trig = {
  coefficients: (t: Time) => ({
    alpha: mapTime(t, (v) => Math.cos((Math.PI / 2) * v)),
    sigma: mapTime(t, (v) => Math.sin((Math.PI / 2) * v)),
  }),
};
const ab = (t: number) => [Math.cos((Math.PI / 2) * t), Math.sin((Math.PI / 2) * t)] as const;

describe('GaussianMixtureOracle', () => {
  it('one component: E[x0 | x_t] = μ + α s²(x_t − αμ)/(α²s² + σ²) and the score −(x_t − αμ)/(α²s² + σ²)', () => {
    const oracle = new GaussianMixtureOracle(trig, [{ weight: 1, mean: [1, -2], std: [0.5, 2] }]);
    const [a, s] = ab(0.4);
    const x = [0.3, 1.1];
    const m = oracle.posteriorMean(x, 0.4);
    const sc = oracle.score(x, 0.4);
    [1, -2].forEach((mu, d) => {
      const s2 = [0.25, 4][d]!;
      const v = a * a * s2 + s * s;
      expect(m[d]).toBeCloseTo(mu + (a * s2 * (x[d]! - a * mu)) / v, 12);
      expect(sc[d]).toBeCloseTo(-(x[d]! - a * mu) / v, 12);
    });
  });

  it('two components in 1-D: agrees with numerical integration of x0·p(x0)·p(x_t | x0)', () => {
    const comps = [
      { weight: 0.3, mean: [-1], std: 0.2 },
      { weight: 0.7, mean: [1.5], std: 0.4 },
    ];
    const oracle = new GaussianMixtureOracle(trig, comps);
    const [a, s] = ab(0.6);
    const density = (x0: number) =>
      comps.reduce((p, c) => p + (c.weight * Math.exp(-0.5 * ((x0 - c.mean[0]!) / c.std) ** 2)) / c.std, 0);
    for (const x of [-1.2, 0.1, 1.4]) {
      let num = 0;
      let den = 0;
      for (let x0 = -6; x0 <= 6; x0 += 1e-3) {
        const w = density(x0) * Math.exp(-0.5 * ((x - a * x0) / s) ** 2);
        num += x0 * w;
        den += w;
      }
      expect(oracle.posteriorMean([x], 0.6)[0]).toBeCloseTo(num / den, 6);
    }
  });

  it('draws exact samples: moments match mean() and covariance()', () => {
    const oracle = new GaussianMixtureOracle(trig, [
      { weight: 1, mean: [0, 1], std: 0.3 },
      { weight: 3, mean: [2, -1], std: [0.5, 0.1] },
    ]);
    const m = sampleMoments(oracle.sample(40_000, new SeededRng(2)), 2);
    const [mean, cov] = [oracle.mean(), oracle.covariance()];
    for (let d = 0; d < 2; d++) expect(m.mean[d]).toBeCloseTo(mean[d]!, 1);
    for (let i = 0; i < 4; i++) expect(m.covariance[i]).toBeCloseTo(cov[i]!, 1);
    expect(cov[1]).toBeCloseTo(0.75 * 2 * -1 - 1.5 * -0.5, 12); // Σπ μμᵀ − mmᵀ off the diagonal
  });
});

describe('FiniteSetOracle', () => {
  const data = Float64Array.of(0, 0, 1, 0, 0, 2);
  const oracle = new FiniteSetOracle(trig, data, 2);
  it('at low noise returns the nearest data point; at α = 0 the data mean', () => {
    expect(Array.from(oracle.posteriorMean([0.9, 0.1], 0.001))).toEqual([1, 0]);
    const m = oracle.posteriorMean([5, 5], 1);
    expect(m[0]).toBeCloseTo(1 / 3, 12);
    expect(m[1]).toBeCloseTo(2 / 3, 12);
  });
  it('predict gives x̂0 and ε̂ = (x_t − αx̂0)/σ per sample, and leaks nothing', () => {
    const xt = tf.tensor2d([0.5, 0.5, -1, 3], [2, 2]);
    const t = Float64Array.of(0.3, 0.8);
    const before = tf.memory().numTensors;
    const p = oracle.predict(xt, t);
    const want = oracle.posteriorMean(xt.dataSync(), t);
    const x0 = p.x0.dataSync();
    const eps = p.eps.dataSync();
    want.forEach((w, i) => expect(x0[i]).toBeCloseTo(w, 6));
    const [a, s] = ab(0.8);
    expect(eps[3]).toBeCloseTo((3 - a * want[3]!) / s, 5);
    tf.dispose([p.x0, p.eps]);
    expect(tf.memory().numTensors).toBe(before);
    xt.dispose();
  });
  it('rejects data that is not a multiple of dim', () => {
    expect(() => new FiniteSetOracle(trig, Float64Array.of(1, 2, 3), 2)).toThrow(/multiple of dim = 2/);
  });
});
