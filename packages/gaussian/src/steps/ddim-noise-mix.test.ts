import { describe, expect, it } from 'vitest';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { ddimNoiseMix } from './ddim-noise-mix.js';

const betas = new LinearSchedule().betas(1000);
const process = new VpProcess(alphasCumprod(betas));

describe('DDIM σ̃ in the seed’s interpolated correction', () => {
  it('η = 1 reproduces the DDPM posterior variance β̃_t for a one-step move', () => {
    for (const t of [1, 10, 500, 999]) {
      const at = process.alphaBar(t);
      const as = process.alphaBar(t - 1);
      const betaTilde = ((1 - as) / (1 - at)) * betas[t]!;
      const sigmaTilde = ddimNoiseMix(process, 1).sigmaTilde(t, t - 1);
      // fresh-noise std in x-space is √(1 − ᾱ_s)·σ̃
      expect((1 - as) * sigmaTilde ** 2).toBeCloseTo(betaTilde, 12);
    }
  });

  it('scales linearly with η and is 0 for η = 0', () => {
    const full = ddimNoiseMix(process, 1).sigmaTilde(700, 600);
    expect(ddimNoiseMix(process, 0.3).sigmaTilde(700, 600)).toBeCloseTo(0.3 * full, 14);
    expect(ddimNoiseMix(process, 0).sigmaTilde(700, 600)).toBe(0);
  });

  it('gives the DDIM paper’s σ_t(η) for skipped steps', () => {
    const [t, s, eta] = [900, 600, 0.7];
    const at = process.alphaBar(t);
    const as = process.alphaBar(s);
    const sigmaDdim = eta * Math.sqrt((1 - as) / (1 - at)) * Math.sqrt(1 - at / as);
    expect(Math.sqrt(1 - as) * ddimNoiseMix(process, eta).sigmaTilde(t, s)).toBeCloseTo(sigmaDdim, 12);
  });

  it('rejects η outside [0, 1]', () => {
    expect(() => ddimNoiseMix(process, 1.5)).toThrow(/eta: expected a number in \[0, 1\], got 1.5/);
  });
});
