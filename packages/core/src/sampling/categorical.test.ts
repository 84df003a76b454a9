import { describe, expect, it } from 'vitest';
import { SeededRng } from '../random/seeded-rng.js';
import type { Rng, RngState } from '../random/rng.js';
import { sampleCategorical } from './categorical.js';

/** An Rng that returns the given uniforms in order (for exact inverse-CDF checks). */
function fixedUniforms(values: number[]): Rng {
  let i = 0;
  const next = () => {
    const v = values[i++];
    if (v === undefined) throw new Error('no more uniforms');
    return v;
  };
  return {
    uniform: next,
    uniforms: (n) => Float64Array.from({ length: n }, next),
    normals: () => {
      throw new Error('not used');
    },
    int: (n) => Math.floor(next() * n),
    getState: (): RngState => ({ kind: 'fixed', words: [i] }),
    setState: () => {},
  };
}

const log = (p: number[]) => p.map(Math.log);

function frequencies(logp: number[], n: number, options = { temperature: 1, topP: 1 }, seed = 1): number[] {
  const rng = new SeededRng(seed);
  const counts = new Array<number>(logp.length).fill(0);
  for (let i = 0; i < n; i++) counts[sampleCategorical(logp, 0, logp.length, options, rng).id]!++;
  return counts.map((c) => c / n);
}

describe('float64 categorical sampling', () => {
  it('draws ids with their probabilities (χ² test, 40,000 draws)', () => {
    const p = [0.5, 0.25, 0.15, 0.07, 0.03];
    const n = 40_000;
    const f = frequencies(log(p), n);
    const chi2 = p.reduce((a, pi, i) => a + (n * (f[i]! - pi)) ** 2 / (n * pi), 0);
    expect(chi2).toBeLessThan(18.47); // χ²(4) 99.9 % quantile
  });

  it('inverse CDF in float64: an id with probability 1e-12 is drawn exactly when u lands in its 1e-12-wide slot', () => {
    // In float32, 1 − 1e-12 rounds to 1 and the last id could never be drawn.
    const logp = [0, Math.log(1e-12)];
    const z = 1 + 1e-12;
    expect(
      sampleCategorical(logp, 0, 2, { temperature: 1, topP: 1 }, fixedUniforms([1 - 0.5e-12 / z])).id,
    ).toBe(1);
    expect(
      sampleCategorical(logp, 0, 2, { temperature: 1, topP: 1 }, fixedUniforms([1 - 2e-12 / z])).id,
    ).toBe(0);
  });

  it('uses one uniform per draw and maps it through the CDF in id order', () => {
    const logp = log([0.2, 0.3, 0.5]);
    const ids = [0.1, 0.19, 0.21, 0.49, 0.51, 0.99].map(
      (u) => sampleCategorical(logp, 0, 3, { temperature: 1, topP: 1 }, fixedUniforms([u])).id,
    );
    expect(ids).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('temperature τ samples ∝ p^(1/τ); τ = 0 is the argmax without a random draw', () => {
    const p = [0.6, 0.3, 0.1];
    const f = frequencies(log(p), 40_000, { temperature: 0.5, topP: 1 }, 2);
    const sharp = p.map((x) => x ** 2);
    const z = sharp.reduce((a, b) => a + b, 0);
    sharp.forEach((q, i) => expect(Math.abs(f[i]! - q / z)).toBeLessThan(0.01));
    const d = sampleCategorical(log(p), 0, 3, { temperature: 0, topP: 1 }, fixedUniforms([]));
    expect(d).toEqual({ id: 0, prob: expect.closeTo(0.6, 12) as unknown as number });
  });

  it('top-p keeps the smallest most-probable set whose mass reaches p, renormalised', () => {
    const p = [0.1, 0.45, 0.05, 0.4];
    const f = frequencies(log(p), 20_000, { temperature: 1, topP: 0.8 }, 3);
    expect(f[0]).toBe(0);
    expect(f[2]).toBe(0);
    expect(Math.abs(f[1]! - 0.45 / 0.85)).toBeLessThan(0.015);
    // top-p small: only the most probable id.
    expect(frequencies(log(p), 100, { temperature: 1, topP: 0.01 }, 4)[1]).toBe(1);
  });

  it('reads row `row` of a [rows, V] table, ignores ≈ −∞ entries and reports the untempered probability', () => {
    const table = [...log([0.5, 0.5, 0]), -1e9, 0, Math.log(3)];
    const d = sampleCategorical(table, 1, 3, { temperature: 2, topP: 1 }, new SeededRng(0));
    expect(d.id).not.toBe(0);
    expect(d.prob).toBeCloseTo(d.id === 1 ? 0.25 : 0.75, 12);
  });

  it('same seed, same draws', () => {
    expect(frequencies(log([0.3, 0.7]), 50, undefined, 11)).toEqual(
      frequencies(log([0.3, 0.7]), 50, undefined, 11),
    );
  });
});
