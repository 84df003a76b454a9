import { describe, expect, it } from 'vitest';
import { consistencyOut, consistencySkip, SIGMA_DATA } from './consistency-scalings.js';

describe('consistency scalings c_skip, c_out', () => {
  it('satisfy the boundary condition c_skip(σ_min) = 1, c_out(σ_min) = 0', () => {
    for (const sigmaMin of [0, 0.002, 0.01]) {
      expect(consistencySkip(sigmaMin, sigmaMin)).toBe(1);
      expect(consistencyOut(sigmaMin, sigmaMin)).toBe(0);
    }
  });

  it('equal the formulas of Song et al. 2023 (App. C) and reduce to EDM’s at σ_min = 0', () => {
    const [s, m, d] = [1.3, 0.002, SIGMA_DATA];
    expect(consistencySkip(s, m)).toBeCloseTo((d * d) / ((s - m) ** 2 + d * d), 15);
    expect(consistencyOut(s, m)).toBeCloseTo((d * (s - m)) / Math.sqrt(d * d + s * s), 15);
    // EDM: c_skip = σ_d²/(σ² + σ_d²), c_out = σ·σ_d/√(σ² + σ_d²); c_skip² + c_out²/σ_d²·… : c_skip + c_out²/σ_d² = 1.
    for (const sigma of [0.1, 0.5, 2, 80]) {
      const skip = consistencySkip(sigma, 0, 0.5);
      const out = consistencyOut(sigma, 0, 0.5);
      expect(skip).toBeCloseTo(0.25 / (sigma * sigma + 0.25), 14);
      expect(skip + (out * out) / 0.25).toBeCloseTo(1, 14);
    }
  });

  it('refuse σ below σ_min or non-finite, naming the function', () => {
    expect(() => consistencySkip(0.001, 0.002)).toThrow(/consistencySkip: expected σ ≥ σ_min/);
    expect(() => consistencyOut(Number.NaN, 0)).toThrow(/consistencyOut/);
  });
});
