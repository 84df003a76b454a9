import { describe, expect, it } from 'vitest';
import { SeededRng } from '../random/seeded-rng.js';
import { CosineKeepSchedule } from './cosine-keep-schedule.js';
import { LinearKeepSchedule } from './linear-keep-schedule.js';
import { LogLinearKeepSchedule } from './log-linear-keep-schedule.js';
import { ContinuousScheduleClock } from './continuous-schedule-clock.js';
import { DiscreteScheduleClock } from './discrete-schedule-clock.js';

describe('continuous schedule clock', () => {
  const clock = new ContinuousScheduleClock(1e-3, true);

  it('NELBO weight −α′/(1 − α) is 1/t for the linear and log-linear schedules', () => {
    for (const t of [1e-3, 0.1, 0.5, 1]) {
      expect(clock.nelboWeight(new LinearKeepSchedule(), t)).toBeCloseTo(1 / t, 9);
      expect(clock.nelboWeight(new LogLinearKeepSchedule(1e-3), t)).toBeCloseTo(1 / t, 9);
    }
    const t = 0.3;
    const cos = ((Math.PI / 2) * Math.sin((Math.PI / 2) * t)) / (1 - Math.cos((Math.PI / 2) * t));
    expect(clock.nelboWeight(new CosineKeepSchedule(), t)).toBeCloseTo(cos, 12);
  });

  it('antithetic draws: one per stratum [tMin + (i/B)(1 − tMin), tMin + ((i + 1)/B)(1 − tMin))', () => {
    const B = 64;
    const t = clock.domain.sample(B, new SeededRng(3));
    const width = (1 - 1e-3) / B;
    t.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(1e-3 + i * width);
      expect(v).toBeLessThan(1e-3 + (i + 1) * width);
    });
  });

  it('without antithetic sampling the draws are i.i.d. (not ordered)', () => {
    const t = new ContinuousScheduleClock(1e-3, false).domain.sample(64, new SeededRng(3));
    expect([...t].sort((a, b) => a - b)).not.toEqual([...t]);
  });

  it('the stratified NELBO estimator is unbiased and has lower variance than i.i.d. draws', () => {
    // A smooth integrand with the shape of w(t)·(masked fraction); its exact mean is computed by quadrature.
    const f = (t: number) => Math.min(1 / t, 50) * t + Math.sin(6 * t);
    const exact = (() => {
      let s = 0;
      const n = 200_000;
      for (let i = 0; i < n; i++) s += f(1e-3 + ((i + 0.5) / n) * (1 - 1e-3));
      return s / n;
    })();
    const spread = (antithetic: boolean) => {
      const c = new ContinuousScheduleClock(1e-3, antithetic);
      const rng = new SeededRng(7);
      const means = Array.from({ length: 400 }, () => {
        const t = c.domain.sample(32, rng);
        return t.reduce((a, v) => a + f(v), 0) / t.length;
      });
      const m = means.reduce((a, b) => a + b, 0) / means.length;
      return { m, sd: Math.sqrt(means.reduce((a, v) => a + (v - m) ** 2, 0) / means.length) };
    };
    const iid = spread(false);
    const strat = spread(true);
    expect(Math.abs(strat.m - exact)).toBeLessThan((5 * strat.sd) / Math.sqrt(400));
    expect(strat.sd).toBeLessThan(0.25 * iid.sd);
  });
});

describe('discrete schedule clock', () => {
  const T = 10;
  const clock = new DiscreteScheduleClock(T, true);

  it('τ(t) = (t + 1)/T: the seed’s kept fraction 1 − t/T with steps numbered 1..T', () => {
    expect(clock.progress(-1)).toBe(0);
    expect(clock.progress(T - 1)).toBe(1);
    expect(new LinearKeepSchedule().alpha(clock.progress(4))).toBeCloseTo(1 - 5 / T, 15);
  });

  it('NELBO weight T(α_{t−1} − α_t)/(1 − α_t) = T/(t + 1) for the linear schedule', () => {
    for (let t = 0; t < T; t++)
      expect(clock.nelboWeight(new LinearKeepSchedule(), t)).toBeCloseTo(T / (t + 1), 12);
  });

  it('stratified integer draws cover every step equally often', () => {
    const t = clock.domain.sample(50, new SeededRng(1));
    const counts = new Array<number>(T).fill(0);
    for (const v of t) counts[v]!++;
    expect(counts).toEqual(new Array<number>(T).fill(5));
  });
});
