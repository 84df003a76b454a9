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
import { VpProcess } from './process/vp-process.js';
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

describe('the marginal-constraint check has teeth', () => {
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
