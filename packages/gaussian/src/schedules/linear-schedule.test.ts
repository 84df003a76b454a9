import { describe, expect, it } from 'vitest';
import { alphasCumprod } from './beta-schedule.js';
import { LinearSchedule } from './linear-schedule.js';

describe('linear β schedule (diffusers reference values)', () => {
  const betas = new LinearSchedule(1e-4, 0.02).betas(1000);
  const abar = alphasCumprod(betas);
  it('spans 1e-4 → 0.02 and is stored in float64', () => {
    expect(betas).toBeInstanceOf(Float64Array);
    expect(betas[0]).toBe(1e-4);
    expect(betas[999]).toBeCloseTo(0.02, 15);
  });
  it('ᾱ_0 = 0.9999 and ᾱ_999 ≈ 4.04e-5', () => {
    expect(abar[0]).toBeCloseTo(0.9999, 15);
    expect(abar[999]).toBeGreaterThan(4.0e-5);
    expect(abar[999]).toBeLessThan(4.1e-5);
  });
  it('rejects bad β ranges', () => {
    expect(() => new LinearSchedule(0.02, 1e-4)).toThrow(/betaStart/);
  });
});
