import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng, type Time } from '@udm/core';
import { FiniteSetOracle } from '@udm/testing';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
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

  it('rejects unknown variances and continuous-time processes', () => {
    expect(() =>
      nelbo({ process, predictor: perfect, variance: 'learned', x0, rng: new SeededRng(1) }),
    ).toThrow(/fixed_small/);
  });
});
