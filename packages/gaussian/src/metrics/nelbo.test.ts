import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng, type Time } from '@udm/core';
import { FiniteSetOracle } from '@udm/testing';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { CosineSchedule } from '../schedules/cosine-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { approxStandardNormalCdf, discretizedGaussianLogLikelihood } from './discretized-gaussian.js';
import { nelbo } from './nelbo.js';

await tf.setBackend('cpu');
await tf.ready();

const process = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
const levels = [10, 80, 160, 240].map((k) => (2 * k) / 255 - 1);

describe('discretized Gaussian decoder', () => {
  it('the tanh CDF is within 2e-4 of Φ', () => {
    for (const z of [-3, -1, -0.2, 0.5, 2]) {
      let phi = 0;
      for (let u = -12; u < z; u += 1e-4) phi += (Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI)) * 1e-4;
      expect(Math.abs(approxStandardNormalCdf(z) - phi)).toBeLessThan(2e-4);
    }
  });
  it('is a distribution over the 256 levels (the outer bins reach ±∞)', () => {
    for (const [mean, logVar] of [
      [0.1, Math.log(0.01)],
      [-0.95, Math.log(1e-4)],
      [0.3, 0],
    ] as const) {
      let total = 0;
      for (let k = 0; k < 256; k++)
        total += Math.exp(discretizedGaussianLogLikelihood((2 * k) / 255 - 1, mean, logVar));
      expect(total).toBeCloseTo(1, 5); // the decoder runs on float32 tensors (shared with the training loss)
    }
  });
});

describe('NELBO in bits per dimension', () => {
  const x0 = tf.tensor2d(
    Array.from({ length: 200 }, (_, i) => levels[i % 4]!),
    [100, 2],
  );
  /** A predictor that knows the answer: x̂0 = x0 whatever x_t is. */
  const perfect = { predict: (_xt: tf.Tensor, _t: Time) => ({ x0: x0.clone() }) };

  it('L_T is KL(N(√ᾱ x0, 1 − ᾱ) ‖ N(0, 1)); with a perfect x̂0 and fixed_small every L_{t−1} is 0', () => {
    const r = nelbo({ process, predictor: perfect, variance: 'fixed_small', x0, rng: new SeededRng(1) });
    const a = process.alphaBar(999);
    const meanSq = levels.reduce((s, v) => s + v * v, 0) / 4;
    expect(r.prior).toBeCloseTo((0.5 * (a * meanSq + (1 - a) - 1 - Math.log(1 - a))) / Math.log(2), 10);
    expect(Math.abs(r.diffusion)).toBeLessThan(1e-9);
    expect(r.bitsPerDim).toBeCloseTo(r.prior + r.diffusion + r.decoder, 12);
    // decoder: the mass of a bin of half-width 1/255 under N(x0, β̃_1)
    const std = Math.sqrt(
      ((1 - process.alphaBar(0)) / (1 - process.alphaBar(1))) *
        (1 - process.alphaBar(1) / process.alphaBar(0)),
    );
    const mass = approxStandardNormalCdf(1 / 255 / std) - approxStandardNormalCdf(-1 / 255 / std);
    expect(r.decoder).toBeCloseTo(-Math.log2(mass), 6);
  });

  it('with the exact posterior of the data: Σ L_{t−1} carries the data’s entropy, L_0 the decoder’s width', () => {
    const oracle = new FiniteSetOracle(process, Float64Array.from(levels.flatMap((v) => [v, v])), 2);
    const data = tf.tensor2d(
      Array.from({ length: 80 }, (_, i) => levels[(i >> 1) % 4]!),
      [40, 2],
    );
    const r = nelbo({ process, predictor: oracle, variance: 'fixed_small', x0: data, rng: new SeededRng(2) });
    // The data: 4 equiprobable points with 2 equal coordinates, entropy 2 bits per example = 1 bit per dimension.
    // The diffusion terms pay for choosing the point (≈ 1 bit/dim); the decoder N(x0, β̃_1) puts only ~40% of its
    // mass on x0's bin (σ ≈ 0.0074 vs a half-width of 1/255), whatever the model: −log2 of that, ≈ 1.3 bits/dim.
    expect(r.bitsPerDim).toBeGreaterThan(1);
    expect(Math.abs(r.diffusion - 1)).toBeLessThan(0.03);
    const perfect0 = nelbo({
      process,
      predictor: perfect,
      variance: 'fixed_small',
      x0,
      rng: new SeededRng(1),
    });
    expect(r.decoder).toBeCloseTo(perfect0.decoder, 3);
    const sub = nelbo({
      process,
      predictor: oracle,
      variance: 'fixed_large',
      x0: data,
      rng: new SeededRng(2),
      timesteps: 100,
    });
    expect(sub.bitsPerDim).toBeGreaterThan(1);
    data.dispose();
  });

  it('stratified t: unbiased, its standard error matches its spread, far closer than uniform draws (cosine, α_{T−1} ≈ 0)', () => {
    // x̂0 = x0 − (σ_t/α_t)·e: an ε̂ off by e = 0.1, so L_{t−1} = ½·w_t·e² per dimension with w_t = SNR_{t−1}/SNR_t − 1.
    // The cosine schedule's capped last β makes w ≈ 10³ at t = T − 1 and ~10⁻² elsewhere: one term carries most of
    // the sum, as on MNIST (examples/mnist-ddim/README.md), and uniform draws mostly miss it.
    const small = new VpProcess(alphasCumprod(new CosineSchedule().betas(200)));
    const offBy = {
      predict: (_xt: tf.Tensor, t: Time) => ({
        x0: tf.tidy(() => tf.sub(x0, (small.sigma(t as number) / small.alpha(t as number)) * 0.1)),
      }),
    };
    const run = (seed: number, extra: { strata?: number; timesteps?: number }) =>
      nelbo({
        process: small,
        predictor: offBy,
        variance: 'fixed_small',
        x0,
        rng: new SeededRng(seed),
        ...extra,
      });
    const tensors = tf.memory().numTensors;
    const exact = run(0, {}).diffusion;
    expect(run(0, {}).standardError).toBeUndefined(); // the full sum: one draw per t, no spread to read
    const stratified = Array.from({ length: 60 }, (_, i) => run(100 + i, { strata: 8 }));
    const uniform = Array.from({ length: 60 }, (_, i) => run(100 + i, { timesteps: 16 }).diffusion);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const rmse = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - exact) ** 2)));
    const values = stratified.map((r) => r.diffusion);
    const sd = Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));
    const reported = mean(stratified.map((r) => r.standardError!));
    expect(Math.abs(mean(values) - exact)).toBeLessThan((3 * sd) / Math.sqrt(values.length));
    expect(reported / sd).toBeGreaterThan(0.6);
    expect(reported / sd).toBeLessThan(1.6);
    expect(rmse(values)).toBeLessThan(rmse(uniform) / 5); // the same 16 KL terms per estimate
    expect(tf.memory().numTensors).toBe(tensors);
    expect(() => run(0, { strata: 4, timesteps: 4 })).toThrow(/timesteps .* or strata .*, not both/);
    expect(() => run(0, { strata: 0 })).toThrow(/strata: expected a positive integer, got 0/);
  });

  it('rejects unknown variances and continuous-time processes', () => {
    expect(() =>
      nelbo({ process, predictor: perfect, variance: 'learned', x0, rng: new SeededRng(1) }),
    ).toThrow(/fixed_small/);
  });
});
