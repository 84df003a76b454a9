import { describe, expect, it } from 'vitest';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { CosineSchedule } from '../schedules/cosine-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { nelboTimeMass, vlbEpsilonWeights } from './nelbo-time-mass.js';
import { equalMassStrata, type TimeStratum } from './time-strata.js';

const covers = (strata: TimeStratum[], first: number, end: number) => {
  expect(strata[0]!.start).toBe(first);
  expect(strata.at(-1)!.end).toBe(end);
  strata.forEach((s, i) => {
    expect(s.end).toBeGreaterThan(s.start);
    if (i > 0) expect(s.start).toBe(strata[i - 1]!.end);
  });
};

describe('equalMassStrata', () => {
  it('equal mass: constant mass gives equal widths, 1/t mass widths growing geometrically', () => {
    expect(equalMassStrata(new Float64Array(12).fill(1), 1, 4).map((s) => s.end - s.start)).toEqual([
      3, 3, 3, 3,
    ]);
    const strata = equalMassStrata(
      Float64Array.from({ length: 999 }, (_, i) => 1 / (i + 1)),
      1,
      32,
    );
    expect(strata).toHaveLength(32);
    covers(strata, 1, 1000);
    expect(strata.slice(0, 3).every((s) => s.end - s.start === 1)).toBe(true);
    const ratios = strata.slice(12).map((s) => s.end / s.start);
    expect(Math.max(...ratios) / Math.min(...ratios)).toBeLessThan(1.15);
  });

  it('gives a time heavier than a share a stratum of its own and splits the rest evenly', () => {
    const mass = new Float64Array(100).fill(1);
    mass[99] = 1000; // time 100 (first = 1)
    const strata = equalMassStrata(mass, 1, 10);
    expect(strata).toHaveLength(10);
    covers(strata, 1, 101);
    expect(strata.at(-1)).toEqual({ start: 100, end: 101 });
    const widths = strata.slice(0, -1).map((s) => s.end - s.start);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1);
  });

  it('gives every time its own stratum when count ≥ the number of times; names bad arguments', () => {
    expect(equalMassStrata([1, 2, 3], 4, 10)).toEqual([4, 5, 6].map((t) => ({ start: t, end: t + 1 })));
    expect(() => equalMassStrata([1, 0, 1], 1, 2)).toThrow(/mass\[1\]: expected a finite number > 0, got 0/);
    expect(() => equalMassStrata([1], 1, 0)).toThrow(/count: expected a positive integer, got 0/);
    expect(() => equalMassStrata([], 1, 2)).toThrow(/mass: expected at least one time/);
  });
});

describe('nelboTimeMass', () => {
  it('w_t = SNR_{t−1}/SNR_t − 1; the cosine schedule’s capped last β makes t = T − 1 a stratum of its own', () => {
    const cosine = new VpProcess(alphasCumprod(new CosineSchedule().betas(1000)));
    const w = vlbEpsilonWeights(cosine);
    const snr = (t: number) => cosine.alphaBar(t) / (1 - cosine.alphaBar(t));
    expect(w[500]).toBeCloseTo(snr(499) / snr(500) - 1, 12);
    expect(w[999]).toBeGreaterThan(900); // ᾱ_999 = ᾱ_998·(1 − 0.999)
    const mass = nelboTimeMass(cosine);
    expect(mass).toHaveLength(999);
    expect(mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const strata = equalMassStrata(mass, 1, 32);
    covers(strata, 1, 1000);
    expect(strata.at(-1)).toEqual({ start: 999, end: 1000 });
    expect(strata[0]).toEqual({ start: 1, end: 2 });
    // singletons at both ends, widening geometrically towards the middle
    expect(strata.slice(-3).every((s) => s.end - s.start === 1)).toBe(true);
    expect(strata.slice(0, 3).every((s) => s.end - s.start === 1)).toBe(true);
    expect(Math.max(...strata.map((s) => s.end - s.start))).toBeGreaterThan(50);
    // the linear schedule has no capped last step: w_{T−1} is small, t = T − 1 is a singleton by the 1/(T − t) part
    const linear = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
    expect(vlbEpsilonWeights(linear)[999]).toBeLessThan(0.03);
    expect(equalMassStrata(nelboTimeMass(linear), 1, 32).at(-1)).toEqual({ start: 999, end: 1000 });
  });
});
