import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createContainer, registriesOf, decodeOrThrow, SeededRng } from '@udm/core';
import { gaussianModule } from '../gaussian-module.js';
import { CosineAlphaBar } from '../schedules/continuous/cosine-alpha-bar.js';
import { isGaussianProcess, noiseToSignal, type GaussianProcess } from './gaussian-process.js';
import { RectifiedFlowProcess } from './rectified-flow-process.js';
import { VeProcess } from './ve-process.js';
import { VpContinuousProcess } from './vp-continuous-process.js';

await tf.setBackend('cpu');
await tf.ready();

describe('continuous Gaussian processes', () => {
  const cases: Array<[string, GaussianProcess]> = [
    ['vp-continuous (cosine)', new VpContinuousProcess(new CosineAlphaBar())],
    ['ve', new VeProcess(0.01, 50)],
    ['rectified-flow', new RectifiedFlowProcess()],
  ];
  it.each(cases)('%s: identity at the origin and rates match finite differences', (_n, p) => {
    expect(p.alpha(0)).toBe(1);
    expect(p.sigma(0)).toBe(0);
    const h = 1e-6;
    for (const t of [0.2, 0.6]) {
      const r = p.rates(t)!;
      expect(r.dAlpha).toBeCloseTo((p.alpha(t + h) - p.alpha(t - h)) / (2 * h), 5);
      expect(r.dSigma / ((p.sigma(t + h) - p.sigma(t - h)) / (2 * h))).toBeCloseTo(1, 5);
    }
  });
  it('VE: σ_t = σ_min (σ_max/σ_min)^t, prior N(0, (1 + σ_max²) I)', () => {
    const p = new VeProcess(0.01, 50);
    expect(p.sigma(1)).toBeCloseTo(50, 10);
    expect(p.sigma(0.5)).toBeCloseTo(Math.sqrt(0.01 * 50), 10);
    expect(p.priorStd).toBeCloseTo(Math.sqrt(1 + 2500), 10);
    const x = p.prior([20000, 1], new SeededRng(1));
    const std = tf.tidy(() => tf.moments(x).variance.sqrt().dataSync()[0]!);
    expect(std / p.priorStd).toBeCloseTo(1, 1);
    x.dispose();
  });
  it('rectified flow: α + σ = 1, the prior is N(0, I), the noise-to-signal ratio is t/(1 − t)', () => {
    const p = new RectifiedFlowProcess();
    expect(p.alpha(0.3) + p.sigma(0.3)).toBe(1);
    expect(p.priorStd).toBe(1);
    expect(noiseToSignal(p, 0.75)).toBeCloseTo(3, 12);
    expect(noiseToSignal(p, 1)).toBe(Infinity);
  });
});

describe('process kinds in the config', () => {
  const r = registriesOf(createContainer([gaussianModule]));
  it.each([
    [{ kind: 'vp' }],
    [{ kind: 'vp', T: 10, schedule: { kind: 'squaredcos_cap_v2' }, rescaleZeroTerminalSnr: true }],
    [{ kind: 'vp', T: 3, schedule: { kind: 'alphas_cumprod', values: [0.9, 0.5, 0.1] } }],
    [{ kind: 'vp', schedule: { kind: 'scaled_linear' } }],
    [{ kind: 'vp-continuous', schedule: { kind: 'cosine' } }],
    [{ kind: 've', sigmaMax: 10 }],
    [{ kind: 'rectified-flow' }],
  ])('%j builds a Gaussian process', (config) => {
    const c = decodeOrThrow(r.processes.codec(), config, 'process');
    expect(isGaussianProcess(r.processes.create(c, { itemShape: [2] }))).toBe(true);
  });
  it('errors name the path', () => {
    expect(() => decodeOrThrow(r.processes.codec(), { kind: 've', sigmaMax: -1 }, 'process')).toThrow(
      /process\.sigmaMax: expected a number in \(0, ∞\), got -1/,
    );
    expect(() =>
      decodeOrThrow(r.processes.codec(), { kind: 'vp', schedule: { kind: 'quadratic' } }, 'process'),
    ).toThrow(
      /process\.schedule\.kind: expected one of "alphas_cumprod", "linear", "scaled_linear", "squaredcos_cap_v2"/,
    );
  });
});
