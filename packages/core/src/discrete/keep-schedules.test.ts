import { describe, expect, it } from 'vitest';
import { decodeOrThrow } from '../config/decode.js';
import { CosineKeepSchedule } from './cosine-keep-schedule.js';
import { LinearKeepSchedule } from './linear-keep-schedule.js';
import { LogLinearKeepSchedule } from './log-linear-keep-schedule.js';
import { keepScheduleRegistry } from './keep-schedule-contributions.js';

const schedules = [new LinearKeepSchedule(), new LogLinearKeepSchedule(1e-3), new CosineKeepSchedule()];

describe('keep schedules α(τ)', () => {
  it.each(schedules.map((s) => [s.kind, s] as const))(
    '%s: α(0) = 1, decreasing, α′ matches finite differences',
    (_k, s) => {
      expect(s.alpha(0)).toBe(1);
      let prev = 1;
      for (let i = 1; i <= 100; i++) {
        const tau = i / 100;
        const a = s.alpha(tau);
        expect(a).toBeLessThan(prev);
        prev = a;
        if (i < 100) {
          const h = 1e-6;
          expect(s.alphaDerivative(tau)).toBeCloseTo((s.alpha(tau + h) - s.alpha(tau - h)) / (2 * h), 6);
        }
      }
    },
  );

  it('end points: linear α(1) = 0 and α(0.3) = 0.7 (kept fraction 1 − t/T); log-linear α(1) = ε; cosine α(1) = 0', () => {
    expect(new LinearKeepSchedule().alpha(1)).toBe(0);
    expect(new LinearKeepSchedule().alpha(0.3)).toBeCloseTo(0.7, 15);
    expect(new LogLinearKeepSchedule(1e-3).alpha(1)).toBeCloseTo(1e-3, 15);
    // MDLM: σ(t) = −log(1 − (1 − ε)t), α = exp(−σ)
    expect(new LogLinearKeepSchedule(1e-3).alpha(0.4)).toBeCloseTo(Math.exp(Math.log(1 - 0.999 * 0.4)), 15);
    expect(new CosineKeepSchedule().alpha(1)).toBe(0);
    expect(new CosineKeepSchedule().alpha(0.5)).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it('the registry builds each kind from config, with defaults, and rejects unknown kinds', () => {
    const c = decodeOrThrow(keepScheduleRegistry.codec(), { kind: 'log-linear' }, 'process.schedule');
    expect(c).toEqual({ kind: 'log-linear', eps: 1e-3 });
    expect(keepScheduleRegistry.create(c, undefined)).toBeInstanceOf(LogLinearKeepSchedule);
    expect(() => decodeOrThrow(keepScheduleRegistry.codec(), { kind: 'sqrt' }, 'process.schedule')).toThrow(
      /process\.schedule\.kind: expected one of "cosine", "linear", "log-linear", got "sqrt"/,
    );
    expect(() =>
      decodeOrThrow(keepScheduleRegistry.codec(), { kind: 'log-linear', eps: 1 }, 'process.schedule'),
    ).toThrow(/process\.schedule\.eps: expected a number in \[0, 1\)/);
  });
});
