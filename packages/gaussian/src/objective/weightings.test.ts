import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeOrThrow } from '@udm/core';
import { epsilonParameterization } from '../parameterization/epsilon.js';
import { sampleParameterization } from '../parameterization/sample.js';
import { scoreParameterization } from '../parameterization/score.js';
import { vParameterization } from '../parameterization/v.js';
import type { Parameterization } from '../parameterization/parameterization.js';
import { VpContinuousProcess } from '../process/vp-continuous-process.js';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { VpSdeAlphaBar } from '../schedules/continuous/vp-sde-alpha-bar.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { snr } from './snr.js';
import { TrainingObjective } from './training-objective.js';
import { UniformTime } from './uniform-time.js';
import { lossWeightingRegistry } from './weighting-contributions.js';

await tf.setBackend('cpu');
await tf.ready();

const betas = new LinearSchedule().betas(1000);
const vp = new VpProcess(alphasCumprod(betas));
const vpSde = new VpContinuousProcess(new VpSdeAlphaBar(0.1, 20));
const T_DISCRETE = Float64Array.from([0, 1, 10, 100, 500, 999]);
const T_CONT = Float64Array.from([0.01, 0.1, 0.3, 0.6, 0.95]);

/** The template ω(t) (on the network's own output) of a weighting config under a parameterization. */
function templateWeights(config: object, p: Parameterization, process: GaussianProcess, t: Float64Array) {
  const w = lossWeightingRegistry.create(decodeOrThrow(lossWeightingRegistry.codec(), config), { process });
  return new TrainingObjective(p, process, new UniformTime(process.time), w).weights(t);
}

const rel = (a: number, b: number) => expect(a / b).toBeCloseTo(1, 4);

describe('each ω(t) has its defining property', () => {
  it('constant: ω ≡ c on the output; constant on ε under score-prediction is σ² (the old default λ)', () => {
    templateWeights({ kind: 'constant', value: 2.5 }, vParameterization, vp, T_DISCRETE).forEach((w) =>
      expect(w).toBe(2.5),
    );
    const w = templateWeights({ kind: 'constant', space: 'epsilon' }, scoreParameterization, vp, T_DISCRETE);
    T_DISCRETE.forEach((t, i) => rel(w[i]!, vp.sigma(t) ** 2));
  });

  it('snr: SNR on the x0-loss is the unweighted ε-loss, and SNR·x0-loss for x0-prediction', () => {
    templateWeights({ kind: 'snr' }, epsilonParameterization, vp, T_DISCRETE).forEach((w) =>
      expect(w).toBeCloseTo(1, 4),
    );
    const w = templateWeights({ kind: 'snr' }, sampleParameterization, vp, T_DISCRETE);
    T_DISCRETE.forEach((t, i) => rel(w[i]!, snr(vp, t)));
  });

  it('min-snr-γ: min(SNR, γ) on x0, min(SNR, γ)/SNR for ε and min(SNR, γ)/(SNR + 1) for v (Hang et al.)', () => {
    const cfg = { kind: 'min-snr', gamma: 5 };
    const x = templateWeights(cfg, sampleParameterization, vp, T_DISCRETE);
    const e = templateWeights(cfg, epsilonParameterization, vp, T_DISCRETE);
    const v = templateWeights(cfg, vParameterization, vp, T_DISCRETE);
    T_DISCRETE.forEach((t, i) => {
      const s = snr(vp, t);
      rel(x[i]!, Math.min(s, 5));
      rel(e[i]!, Math.min(s, 5) / s);
      rel(v[i]!, Math.min(s, 5) / (s + 1));
    });
    expect(x[0]).toBe(5);
  });

  it('truncated-snr: max(SNR, 1) on x0 (Salimans & Ho)', () => {
    const x = templateWeights({ kind: 'truncated-snr' }, sampleParameterization, vp, T_DISCRETE);
    T_DISCRETE.forEach((t, i) => rel(x[i]!, Math.max(snr(vp, t), 1)));
    expect(x[T_DISCRETE.length - 1]).toBe(1);
  });

  it('likelihood: g²(t) on the score loss, and for the VP SDE g² = β(t) = β_min + t(β_max − β_min)', () => {
    const w = templateWeights({ kind: 'likelihood' }, scoreParameterization, vpSde, T_CONT);
    T_CONT.forEach((t, i) => rel(w[i]!, 0.1 + t * 19.9));
    expect(() => templateWeights({ kind: 'likelihood' }, scoreParameterization, vp, T_CONT)).toThrow(
      /continuous-time/,
    );
  });

  it('vlb (discrete): on the ε-loss it is DDPM’s β_t²/(2β̃_t α_t (1 − ᾱ_t)), t ≥ 1', () => {
    const w = templateWeights({ kind: 'vlb' }, epsilonParameterization, vp, T_DISCRETE);
    T_DISCRETE.forEach((t, i) => {
      if (t === 0) return rel(w[i]!, 0.5 / (1 - betas[0]!));
      const beta = betas[t]!;
      const abar = vp.alphaBar(t);
      const abarPrev = vp.alphaBar(t - 1);
      const posteriorVar = ((1 - abarPrev) / (1 - abar)) * beta;
      rel(w[i]!, beta ** 2 / (2 * posteriorVar * (1 - beta) * (1 - abar)));
    });
  });

  it('vlb (continuous): −½ dSNR/dt on x0 (a finite difference of SNR)', () => {
    const w = templateWeights({ kind: 'vlb' }, sampleParameterization, vpSde, T_CONT);
    T_CONT.forEach((t, i) => {
      const h = 1e-6;
      rel(w[i]!, (-0.5 * (snr(vpSde, t + h) - snr(vpSde, t - h))) / (2 * h));
    });
  });

  it('rejects bad fields naming them', () => {
    const r = lossWeightingRegistry.codec().decode({ kind: 'min-snr', gamma: -1 });
    expect(r._tag).toBe('Left');
    expect(JSON.stringify(r)).toMatch(/gamma/);
  });
});
