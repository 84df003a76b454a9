import { contribution, literal, requireCapability, required, struct } from '@udm/core';
import type { StepDeps } from '@udm/core';
import { DEGRADATION } from '../process/degrading.js';
import { ImprovedColdStep } from './improved-cold-step.js';

export const improvedColdStep = contribution({
  kind: 'cold-improved',
  description:
    'cold diffusion Algorithm 2: x_s = x_t − D(x̂0, t) + D(x̂0, s) (the naive step is core’s "fresh-noise")',
  codec: struct('cold-improved step', { kind: required(literal('cold-improved')) }),
  requires: [DEGRADATION],
  create: (_c, deps: StepDeps) =>
    new ImprovedColdStep(requireCapability(DEGRADATION, deps.process, 'sample.step.kind: "cold-improved"')),
});
