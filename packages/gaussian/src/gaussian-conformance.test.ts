import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  FreshNoiseStep,
  InterpolatedNoiseStep,
  randomNormal,
  RecoveredNoiseStep,
  type ConditionalStep,
  type PointPrediction,
} from '@udm/core';
import { checkMarginalConstraint, runConformance } from '@udm/testing';
import type { GaussianProcess } from './process/gaussian-process.js';
import { RectifiedFlowProcess } from './process/rectified-flow-process.js';
import { VeProcess } from './process/ve-process.js';
import { VpContinuousProcess } from './process/vp-continuous-process.js';
import { VpProcess } from './process/vp-process.js';
import { CosineAlphaBar } from './schedules/continuous/cosine-alpha-bar.js';
import { CosineSchedule } from './schedules/cosine-schedule.js';
import { DdimStep } from './steps/ddim-step.js';
import { DdpmStep } from './steps/ddpm-step.js';
import { fixedLargeVariance, PosteriorMeanStep } from './steps/posterior-mean-step.js';
import { alphasCumprod } from './schedules/beta-schedule.js';
import { LinearSchedule } from './schedules/linear-schedule.js';
import { ddimNoiseMix } from './steps/ddim-noise-mix.js';

await tf.setBackend('cpu');
await tf.ready();

describe('the Gaussian slice passes the conformance kit', () => {
  const process = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
  const results = runConformance({
    name: 'vp-linear',
    process,
    makeX0: (batch, rng) => tf.tidy(() => tf.tanh(randomNormal(rng, [batch, 3]))),
    times: [999, 500, 100, 0],
    steps: [
      { name: 'ddpm (η = 1)', step: new InterpolatedNoiseStep(process, ddimNoiseMix(process, 1)) },
      { name: 'ddim (η = 0)', step: new InterpolatedNoiseStep(process, ddimNoiseMix(process, 0)) },
      { name: 'ddim (η = 0.5)', step: new InterpolatedNoiseStep(process, ddimNoiseMix(process, 0.5)) },
      { name: 'fresh-noise', step: new FreshNoiseStep(process) },
      { name: 'recovered-noise', step: new RecoveredNoiseStep(process) },
    ],
  });
  it('runs every kind of check', () => {
    const names = results.map((r) => r.name).join('\n');
    for (const kind of [
      'shapes',
      'identity at the origin',
      'invertibility',
      'same seed',
      'no tensor leaks',
      'marginal constraint',
    ]) {
      expect(names).toContain(kind);
    }
  });
  it.each(results.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    expect(r.passed, r.detail).toBe(true);
  });
});

describe.each([
  ['vp (cosine)', new VpProcess(alphasCumprod(new CosineSchedule().betas(1000))), [999, 500, 0]],
  ['vp-continuous', new VpContinuousProcess(new CosineAlphaBar()), [0.99, 0.5, 0.01]],
  ['ve', new VeProcess(0.01, 20), [1, 0.5, 0.01]],
  ['rectified-flow', new RectifiedFlowProcess(), [0.99, 0.5, 0.01]],
] as Array<[string, GaussianProcess, number[]]>)('%s passes the conformance kit', (name, process, times) => {
  const results = runConformance({
    name,
    process,
    makeX0: (batch, rng) => tf.tidy(() => tf.tanh(randomNormal(rng, [batch, 3]))),
    times,
    steps: [
      { name: 'ddim (η = 0)', step: new DdimStep(process) },
      { name: 'ddim (η = 0.7)', step: new DdimStep(process, { eta: 0.7 }) },
      { name: 'ddpm fixed_small', step: new DdpmStep(process) },
    ],
  });
  it.each(results.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    expect(r.passed, r.detail).toBe(true);
  });
});

describe('the marginal-constraint check has teeth', () => {
  it('rejects DDPM’s fixed_large variance, which adds more noise than the posterior', () => {
    const process = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
    const results = checkMarginalConstraint({
      name: 'fixed_large',
      process,
      makeX0: (batch, rng) => randomNormal(rng, [batch, 3]),
      times: [100, 50],
      steps: [{ name: 'fixed_large', step: new PosteriorMeanStep(process, fixedLargeVariance(process)) }],
    });
    expect(results.some((r) => !r.passed)).toBe(true);
  });

  const process = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
  it('rejects a step whose recovered noise is mis-scaled', () => {
    const wrong: ConditionalStep<tf.Tensor, PointPrediction> = {
      step: (xt, p, t, s) =>
        tf.tidy(() => process.forward(p.x0, tf.mul(process.inverse(p.x0, xt, t), 1.3), s)),
    };
    const results = checkMarginalConstraint({
      name: 'wrong',
      process,
      makeX0: (batch, rng) => randomNormal(rng, [batch, 3]),
      times: [999, 500],
      steps: [{ name: 'mis-scaled', step: wrong }],
    });
    expect(results.some((r) => !r.passed)).toBe(true);
  });
});
