import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ContinuousScheduleClock,
  CosineKeepSchedule,
  DiscreteScheduleClock,
  LinearKeepSchedule,
  LogLinearKeepSchedule,
  SeededRng,
} from '@udm/core';
import { MaskingProcess } from './masking-process.js';

await tf.setBackend('cpu');
await tf.ready();

const V = 30;
const MASK = V - 1;
const [B, L] = [400, 50]; // 20,000 tokens per measurement

function tokens(rng: SeededRng): tf.Tensor {
  return tf.tensor2d(
    Int32Array.from(rng.uniforms(B * L), (u) => Math.floor(u * MASK)),
    [B, L],
    'int32',
  );
}

/** Fraction of [MASK] tokens in x_t = F_t(x0, ε), and whether every kept token equals x0. */
function measure(process: MaskingProcess, t: number | Float64Array, seed: number) {
  const rng = new SeededRng(seed);
  return tf.tidy(() => {
    const x0 = tokens(rng);
    const xt = process.forward(x0, process.sampleNoise(x0, rng), t);
    const a = xt.dataSync();
    const b = x0.dataSync();
    let masked = 0;
    let changed = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === MASK) masked++;
      else if (a[i] !== b[i]) changed++;
    }
    return { fraction: masked / a.length, changed, dtype: xt.dtype };
  });
}

const cases = [
  {
    name: 'linear, continuous',
    process: new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V),
    times: [0.001, 0.1, 0.37, 0.5, 0.9, 1],
  },
  {
    name: 'log-linear, continuous',
    process: new MaskingProcess(new LogLinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V),
    times: [0.05, 0.5, 0.95, 1],
  },
  {
    name: 'cosine, continuous',
    process: new MaskingProcess(new CosineKeepSchedule(), new ContinuousScheduleClock(), MASK, V),
    times: [0.2, 0.6, 0.99],
  },
  {
    name: 'linear, discrete T = 20 (the seed: 1 − t/T kept)',
    process: new MaskingProcess(new LinearKeepSchedule(), new DiscreteScheduleClock(20), MASK, V),
    times: [0, 4, 9, 19],
  },
];

describe.each(cases)('masking forward marginal: $name', ({ process, times }) => {
  it.each(times)(
    't = %s: the measured masked fraction is 1 − α_t (within 4.5 binomial standard errors)',
    (t) => {
      const expected = 1 - process.alpha(t);
      const { fraction, changed, dtype } = measure(process, t, 100 + t * 1000);
      const se = Math.sqrt((expected * (1 - expected)) / (B * L));
      expect(Math.abs(fraction - expected)).toBeLessThanOrEqual(4.5 * se + 1e-12);
      expect(changed).toBe(0);
      expect(dtype).toBe('int32');
    },
  );
});

describe('masking process', () => {
  const process = cases[0]!.process;

  it('the kept fraction of the seed is exactly 1 − t/T on the discrete clock', () => {
    const d = cases[3]!.process;
    for (let t = 0; t < 20; t++) expect(d.alpha(t)).toBeCloseTo(1 - (t + 1) / 20, 15);
    expect(d.alpha(-1)).toBe(1);
  });

  it('per-sample times: each row is masked at its own rate', () => {
    const t = Float64Array.from({ length: B }, (_, i) => (i < B / 2 ? 0.1 : 0.8));
    const rng = new SeededRng(5);
    const rows = tf.tidy(() => {
      const x0 = tokens(rng);
      const xt = process.forward(x0, process.sampleNoise(x0, rng), t);
      return Array.from(tf.sum(tf.cast(process.isMasked(xt), 'float32'), 1).dataSync());
    });
    const first = rows.slice(0, B / 2).reduce((a, b) => a + b, 0) / ((B / 2) * L);
    const second = rows.slice(B / 2).reduce((a, b) => a + b, 0) / ((B / 2) * L);
    expect(Math.abs(first - 0.1)).toBeLessThan(0.015);
    expect(Math.abs(second - 0.8)).toBeLessThan(0.015);
  });

  it('origin: x_0 = x0 exactly; t = 1 (linear): all [MASK]; the prior is all [MASK]', () => {
    expect(measure(process, 0, 1).fraction).toBe(0);
    expect(measure(process, 1, 2).fraction).toBe(1);
    const prior = process.prior([3, 4]);
    expect(prior.dtype).toBe('int32');
    expect(Array.from(prior.dataSync())).toEqual(new Array(12).fill(MASK));
    prior.dispose();
  });

  it('masks are nested in the noise: one ε gives fewer masks at a smaller t (a coupling of the marginals)', () => {
    const rng = new SeededRng(9);
    const [early, late] = tf.tidy(() => {
      const x0 = tokens(rng);
      const eps = process.sampleNoise(x0, rng);
      return [
        process.isMasked(process.forward(x0, eps, 0.3)).dataSync(),
        process.isMasked(process.forward(x0, eps, 0.6)).dataSync(),
      ];
    });
    for (let i = 0; i < early.length; i++) if (early[i]) expect(late[i]).toBe(1);
  });

  it('ε values are float32-exact and strictly below 1', () => {
    const eps = process.sampleNoise(tf.zeros([1, 1000], 'int32'), new SeededRng(1));
    const v = eps.dataSync();
    expect(Math.max(...v)).toBeLessThan(1);
    for (const x of v) expect(Number.isInteger(x * 2 ** 24)).toBe(true);
    eps.dispose();
  });

  it('rejects a [MASK] id outside the vocabulary', () => {
    expect(() => new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), 30, 30)).toThrow(
      /maskId/,
    );
  });
});
