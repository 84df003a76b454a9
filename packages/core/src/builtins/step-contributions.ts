import { numberIn } from '../config/numbers.js';
import { literal, required, struct } from '../config/struct.js';
import { FreshNoiseStep } from '../corrections/fresh-noise-step.js';
import { InterpolatedNoiseStep, RecoveredNoiseStep } from '../corrections/interpolated-noise-step.js';
import { contribution } from '../di/contribution.js';
import type { StepDeps } from '../di/extension-points.js';
import { INVERTIBLE } from '../capabilities/process-capabilities.js';
import { requireInvertible } from './require-invertible.js';

export const freshNoiseStep = contribution({
  kind: 'fresh-noise',
  description: 'marginal correction x_s = F_s(x̂0, ε_new) (any process)',
  codec: struct('fresh-noise step', { kind: required(literal('fresh-noise')) }),
  create: (_c, deps: StepDeps) => new FreshNoiseStep(deps.process),
});

export const recoveredNoiseStep = contribution({
  kind: 'recovered-noise',
  description: 'deterministic correction x_s = F_s(x̂0, F_t⁻¹(x̂0, x_t)) (invertible processes)',
  codec: struct('recovered-noise step', { kind: required(literal('recovered-noise')) }),
  requires: [INVERTIBLE],
  create: (_c, deps: StepDeps) => new RecoveredNoiseStep(requireInvertible(deps.process, 'recovered-noise')),
});

export const interpolatedNoiseStep = contribution({
  kind: 'interpolated-noise',
  description: 'x_s = F_s(x̂0, √(1−σ̃²)·ε_rec + σ̃·ε_new) with a constant σ̃ (invertible processes)',
  codec: struct('interpolated-noise step', {
    kind: required(literal('interpolated-noise')),
    sigmaTilde: required(numberIn(0, 1)),
  }),
  requires: [INVERTIBLE],
  create: (c: { sigmaTilde: number }, deps: StepDeps) =>
    new InterpolatedNoiseStep(requireInvertible(deps.process, 'interpolated-noise'), {
      sigmaTilde: () => c.sigmaTilde,
    }),
});
