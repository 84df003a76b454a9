import { describe, expect, it } from 'vitest';
import { SeededRng } from '../random/seeded-rng.js';
import { ContinuousTime, DiscreteTime } from './time-domain.js';

describe('DiscreteTime', () => {
  it('has diffusers indexing: t = 0..T−1, origin −1', () => {
    const d = new DiscreteTime(1000);
    expect(d.kind).toBe('discrete');
    expect(d.tMin).toBe(0);
    expect(d.tMax).toBe(999);
    expect(d.origin).toBe(-1);
  });

  it('samples integer times covering 0..T−1 uniformly', () => {
    const T = 10;
    const d = new DiscreteTime(T);
    const n = 50_000;
    const t = d.sample(n, new SeededRng(1));
    expect(t).toBeInstanceOf(Float64Array);
    expect(t.length).toBe(n);
    const counts = new Array<number>(T).fill(0);
    let bad = 0;
    for (const v of t) {
      if (!Number.isInteger(v) || v < 0 || v > T - 1) bad++;
      else counts[v]!++;
    }
    expect(bad).toBe(0);
    const e = n / T;
    const chi2 = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(27.88); // χ²(9) 99.9% quantile
  });

  it('T = 1 always samples t = 0', () => {
    const t = new DiscreteTime(1).sample(100, new SeededRng(2));
    expect(new Set(t)).toEqual(new Set([0]));
  });

  it('feeds the raw time to the network', () => {
    const d = new DiscreteTime(1000);
    expect(Array.from(d.networkInput(17, 3))).toEqual([17, 17, 17]);
    expect(Array.from(d.networkInput(Float64Array.from([1, 500, 999]), 3))).toEqual([1, 500, 999]);
  });

  it('check() accepts the origin and every noisy time, and rejects others naming `what`', () => {
    const d = new DiscreteTime(1000);
    for (const t of [-1, 0, 1, 500, 999]) expect(() => d.check(t, 'x')).not.toThrow();
    for (const t of [-2, 1000, 1.5, NaN, Infinity]) {
      expect(() => d.check(t, 'my time')).toThrow(RangeError);
      expect(() => d.check(t, 'my time')).toThrow(`my time: expected an integer time in [-1, 999], got ${t}`);
    }
  });

  it.each([0, -1, 2.5, NaN, Infinity])('rejects T = %s', (T) => {
    expect(() => new DiscreteTime(T)).toThrow(/T: expected a positive integer/);
  });
});

describe('ContinuousTime', () => {
  it('defaults to [0, 1] with origin 0', () => {
    const c = new ContinuousTime();
    expect(c.kind).toBe('continuous');
    expect([c.tMin, c.tMax, c.origin]).toEqual([0, 1, 0]);
  });

  it('samples uniformly in [tMin, tMax)', () => {
    const c = new ContinuousTime(0.2, 0.7);
    const n = 50_000;
    const t = c.sample(n, new SeededRng(3));
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    for (const v of t) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      sum += v;
    }
    expect(lo).toBeGreaterThanOrEqual(0.2);
    expect(hi).toBeLessThan(0.7);
    expect(lo).toBeLessThan(0.201);
    expect(hi).toBeGreaterThan(0.699);
    // mean 0.45, SE = 0.5/√12/√n
    expect(Math.abs(sum / n - 0.45)).toBeLessThan((5 * 0.5) / Math.sqrt(12 * n));
  });

  it('feeds networkScale·t to the network (1000 by default)', () => {
    const c = new ContinuousTime();
    expect(Array.from(c.networkInput(0.5, 2))).toEqual([500, 500]);
    expect(Array.from(c.networkInput(Float64Array.from([0.25, 1]), 2))).toEqual([250, 1000]);
    expect(Array.from(new ContinuousTime(0, 1, 1).networkInput(0.25, 1))).toEqual([0.25]);
  });

  it('check() accepts [origin, tMax] and rejects others naming `what`', () => {
    const c = new ContinuousTime(1e-3, 1);
    for (const t of [0, 1e-4, 1e-3, 0.5, 1]) expect(() => c.check(t, 'x')).not.toThrow();
    for (const t of [-0.1, 1.01, NaN, Infinity]) {
      expect(() => c.check(t, 'sample.t')).toThrow(`sample.t: expected a time in [0, 1], got ${t}`);
    }
  });

  it.each([
    [-0.1, 1],
    [0.5, 0.5],
    [0.6, 0.4],
    [0, Infinity],
    [NaN, 1],
  ])('rejects the interval [%s, %s]', (lo, hi) => {
    expect(() => new ContinuousTime(lo, hi)).toThrow(/time domain: expected 0 ≤ tMin < tMax < ∞/);
  });
});
