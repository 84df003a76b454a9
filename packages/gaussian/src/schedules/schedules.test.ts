import { describe, expect, it } from 'vitest';
import { VpProcess } from '../process/vp-process.js';
import { AlphasCumprodTable } from './alphas-cumprod-table.js';
import { alphasCumprod, betasFromAlphasCumprod } from './beta-schedule.js';
import { CosineAlphaBar } from './continuous/cosine-alpha-bar.js';
import { VpSdeAlphaBar } from './continuous/vp-sde-alpha-bar.js';
import { cosineAlphaBar, CosineSchedule } from './cosine-schedule.js';
import { LinearSchedule } from './linear-schedule.js';
import { ScaledLinearSchedule } from './scaled-linear-schedule.js';
import { rescaleZeroTerminalSnr } from './zero-terminal-snr.js';

describe('scaled_linear', () => {
  const b = new ScaledLinearSchedule(0.00085, 0.012).betas(1000);
  it('has √β evenly spaced between √βstart and √βend', () => {
    expect(b[0]).toBeCloseTo(0.00085, 15);
    expect(b[999]).toBeCloseTo(0.012, 15);
    const step = Math.sqrt(b[1]!) - Math.sqrt(b[0]!);
    expect(Math.sqrt(b[600]!) - Math.sqrt(b[599]!)).toBeCloseTo(step, 14);
  });
});

describe('squaredcos_cap_v2', () => {
  const T = 1000;
  const abar = alphasCumprod(new CosineSchedule().betas(T));
  it('telescopes to ᾱ_t = f((t + 1)/T)/f(0) while β is below the cap', () => {
    for (const t of [0, 100, 500, 900, 990]) {
      expect(abar[t]! / (cosineAlphaBar((t + 1) / T) / cosineAlphaBar(0))).toBeCloseTo(1, 9);
    }
  });
  it('caps β at 0.999 at the end', () => {
    expect(new CosineSchedule().betas(T)[T - 1]).toBe(0.999);
  });
});

describe('a user-supplied ᾱ table', () => {
  it('gives back the table through β', () => {
    const values = [0.99, 0.9, 0.5, 0.1];
    const abar = alphasCumprod(new AlphasCumprodTable(values).betas(4));
    values.forEach((v, i) => expect(abar[i]).toBeCloseTo(v, 14));
  });
  it('rejects a wrong T and an increasing table', () => {
    expect(() => new AlphasCumprodTable([0.9, 0.5]).betas(3)).toThrow(/T: expected 2/);
    expect(() => new AlphasCumprodTable([0.5, 0.9])).toThrow(/alphasCumprod\[1\]/);
  });
});

describe('zero terminal SNR (Lin et al. 2023)', () => {
  const betas = new LinearSchedule().betas(1000);
  const before = alphasCumprod(betas);
  const after = alphasCumprod(rescaleZeroTerminalSnr(betas));
  it('ends at ᾱ = 0 and keeps ᾱ_0', () => {
    expect(after[999]).toBeLessThan(1e-20);
    expect(after[0]).toBeCloseTo(before[0]!, 14);
  });
  it('is an affine map of √ᾱ', () => {
    const f = (i: number) => Math.sqrt(after[i]!);
    const g = (i: number) => Math.sqrt(before[i]!);
    const slope = (f(0) - f(500)) / (g(0) - g(500));
    expect((f(100) - f(700)) / (g(100) - g(700))).toBeCloseTo(slope, 8);
  });
  it('is accepted by the VP process (only the last ᾱ may be 0)', () => {
    const p = new VpProcess(after);
    expect(p.alpha(999)).toBeLessThan(1e-10);
    expect(p.sigma(999)).toBeCloseTo(1, 12);
    expect(() => new VpProcess(Float64Array.of(0.9, 0, 0))).toThrow(/alphasCumprod\[1\]/);
  });
  it('β from ᾱ inverts the cumulative product', () => {
    const b = betasFromAlphasCumprod(before);
    b.forEach((v, i) => expect(v).toBeCloseTo(betas[i]!, 12));
  });
});

describe('continuous ᾱ(t)', () => {
  it.each([
    ['VP SDE', new VpSdeAlphaBar()],
    ['cosine', new CosineAlphaBar()],
  ] as const)('%s: ᾱ(0) = 1, decreasing, and dᾱ/dt matches finite differences', (_n, s) => {
    expect(s.alphaBar(0)).toBeCloseTo(1, 14);
    const h = 1e-6;
    for (const t of [0.1, 0.5, 0.9]) {
      expect(s.alphaBar(t + 0.01)).toBeLessThan(s.alphaBar(t));
      expect(s.dAlphaBar(t)).toBeCloseTo((s.alphaBar(t + h) - s.alphaBar(t - h)) / (2 * h), 6);
    }
  });
  it('the VP SDE with β ∈ [0.1, 20] is the limit of DDPM’s linear schedule', () => {
    const discrete = alphasCumprod(new LinearSchedule().betas(1000));
    // t = (i + 1)/T; log(1 − β) ≈ −β − β²/2 leaves a 0.6% gap at t = 0.5
    expect(Math.abs(new VpSdeAlphaBar().alphaBar(0.5) / discrete[499]! - 1)).toBeLessThan(0.01);
  });
});
