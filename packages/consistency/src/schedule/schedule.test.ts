import { describe, expect, it } from 'vitest';
import { consistencySigmas } from './consistency-sigmas.js';
import { discretisationSteps, targetDecay } from './discretisation-schedule.js';

describe('consistencySigmas (Karras discretisation, ascending)', () => {
  it('runs from σ_min to σ_max by the formula, float64', () => {
    const [n, lo, hi, rho] = [18, 0.002, 80, 7];
    const s = consistencySigmas(n, lo, hi, rho);
    expect(s).toBeInstanceOf(Float64Array);
    expect(s.length).toBe(n);
    expect(s[0]).toBeCloseTo(lo, 15);
    expect(s[n - 1]).toBeCloseTo(hi, 12);
    for (let i = 1; i <= n; i++) {
      const want = (lo ** (1 / rho) + ((i - 1) / (n - 1)) * (hi ** (1 / rho) - lo ** (1 / rho))) ** rho;
      expect(s[i - 1]! / want).toBeCloseTo(1, 12);
      if (i > 1) expect(s[i - 1]!).toBeGreaterThan(s[i - 2]!);
    }
  });
  it('refuses N < 2', () => {
    expect(() => consistencySigmas(1, 0.002, 80)).toThrow(/N expected an integer ≥ 2/);
  });
});

describe('N(k), the discretisation schedule of consistency training', () => {
  it('equals ⌈√(k/K((s1+1)² − s0²) + s0²) − 1⌉ + 1 and grows from s0 to s1 + 1', () => {
    const [K, s0, s1] = [1000, 2, 150];
    expect(discretisationSteps(0, K, s0, s1)).toBe(s0);
    expect(discretisationSteps(K, K, s0, s1)).toBe(s1 + 1);
    expect(discretisationSteps(5 * K, K, s0, s1)).toBe(s1 + 1);
    // k = 500: √(0.5·(151² − 4) + 4) = √11402.5 = 106.78…, ⌈105.78⌉ + 1 = 107.
    expect(discretisationSteps(500, K, s0, s1)).toBe(107);
    // k = 1: √(0.001·22797 + 4) = 5.223…, ⌈4.223⌉ + 1 = 6.
    expect(discretisationSteps(1, K, s0, s1)).toBe(6);
    let prev = 0;
    for (let k = 0; k <= K; k += 7) {
      const n = discretisationSteps(k, K, s0, s1);
      const want = Math.ceil(Math.sqrt((k / K) * ((s1 + 1) ** 2 - s0 ** 2) + s0 ** 2) - 1) + 1;
      expect(n).toBe(want);
      expect(n).toBeGreaterThanOrEqual(prev);
      prev = n;
    }
  });
  it('names bad arguments', () => {
    expect(() => discretisationSteps(-1, 10, 2, 150)).toThrow(/k expected an integer ≥ 0/);
    expect(() => discretisationSteps(0, 10, 5, 2)).toThrow(/2 ≤ s0 ≤ s1/);
  });
});

describe('μ(k), the target decay', () => {
  it('is exp(s0·log μ0 / N): μ0 at N = s0, rising towards 1, and 0 for μ0 = 0', () => {
    expect(targetDecay(2, 2, 0.9)).toBeCloseTo(0.9, 15);
    expect(targetDecay(151, 2, 0.9)).toBeCloseTo(Math.exp((2 * Math.log(0.9)) / 151), 15);
    expect(targetDecay(151, 2, 0.9)).toBeGreaterThan(targetDecay(10, 2, 0.9));
    expect(targetDecay(10, 2, 0)).toBe(0);
    expect(() => targetDecay(10, 2, 1)).toThrow(/μ₀ expected in \[0, 1\)/);
  });
});
