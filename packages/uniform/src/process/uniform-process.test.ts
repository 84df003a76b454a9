import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ContinuousScheduleClock, CosineKeepSchedule, LinearKeepSchedule, SeededRng } from '@udm/core';
import { UniformProcess } from './uniform-process.js';
import { isUniformState } from './uniform-state.js';

await tf.setBackend('cpu');
await tf.ready();

const K = 5;
const [B, L] = [400, 50]; // 20,000 tokens per measurement

/** Frequencies of each category in x_t = F_t(x0, ε) for x0 ≡ `x0`. */
function frequencies(process: UniformProcess, x0: number, t: number, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const ids = tf.tidy(() => {
    const x = tf.fill([B, L], x0, 'int32');
    return process.forward(x, process.sampleNoise(x, rng), t).dataSync();
  });
  const f = new Float64Array(K);
  for (const v of ids) f[v] = f[v]! + 1 / ids.length;
  return f;
}

describe('uniform-state forward process', () => {
  const process = new UniformProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), K);

  it.each([0.1, 0.45, 0.8])(
    't = %s: x_t = x0 with probability α + (1 − α)/K, every other category (1 − α)/K (4.5 binomial SEs)',
    (t) => {
      const a = process.alpha(t);
      const f = frequencies(process, 2, t, 10 + t * 100);
      for (let v = 0; v < K; v++) {
        const p = (v === 2 ? a : 0) + (1 - a) / K;
        expect(Math.abs(f[v]! - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / (B * L)));
      }
    },
  );

  it('t → 1: the marginal is uniform whatever x0 (linear and cosine schedules), and so is the prior', () => {
    const cosine = new UniformProcess(new CosineKeepSchedule(), new ContinuousScheduleClock(), K);
    const se = 4.5 * Math.sqrt(((1 / K) * (1 - 1 / K)) / (B * L));
    for (const [p, x0] of [
      [process, 0],
      [cosine, 4],
    ] as const) {
      expect(p.alpha(1)).toBeLessThan(1e-15);
      const f = frequencies(p, x0, 1, 77 + x0);
      for (let v = 0; v < K; v++) expect(Math.abs(f[v]! - 1 / K)).toBeLessThan(se);
    }
    const prior = process.prior([B, L], new SeededRng(4));
    const ids = prior.dataSync();
    expect(prior.dtype).toBe('int32');
    prior.dispose();
    for (let v = 0; v < K; v++) {
      const f = ids.filter((x) => x === v).length / ids.length;
      expect(Math.abs(f - 1 / K)).toBeLessThan(se);
    }
  });

  it('the origin is the identity; per-sample times; no tensors left; the capability is declared', () => {
    const before = tf.memory().numTensors;
    const rng = new SeededRng(1);
    const x0 = tf.tensor2d(
      Int32Array.from({ length: 2 * 1000 }, (_, i) => i % K),
      [2, 1000],
      'int32',
    );
    const eps = process.sampleNoise(x0, rng);
    expect(eps.shape).toEqual([2, 1000, 2]);
    const atOrigin = process.forward(x0, eps, 0);
    expect(Array.from(atOrigin.dataSync())).toEqual(Array.from(x0.dataSync()));
    const xt = process.forward(x0, eps, Float64Array.of(0, 1));
    const ids = xt.dataSync();
    const a = x0.dataSync();
    expect(ids.slice(0, 1000)).toEqual(a.slice(0, 1000)); // row 0 at t = 0
    expect(ids.slice(1000).filter((v, i) => v !== a[1000 + i]).length).toBeGreaterThan(700); // row 1 uniform
    tf.dispose([x0, eps, atOrigin, xt]);
    expect(tf.memory().numTensors).toBe(before);
    expect(isUniformState(process)).toBe(true);
    expect(() => new UniformProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), 1)).toThrow(
      /categories: expected an integer ≥ 2/,
    );
  });
});
