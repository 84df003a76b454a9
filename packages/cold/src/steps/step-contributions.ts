import { ConfigError, contribution, literal, required, struct } from '@udm/core';
import type { StepDeps } from '@udm/core';
import { ColdProcess } from '../process/cold-process.js';
import { ImprovedColdStep } from './improved-cold-step.js';

export const improvedColdStep = contribution({
  kind: 'cold-improved',
  description:
    'cold diffusion Algorithm 2: x_s = x_t − D(x̂0, t) + D(x̂0, s) (the naive step is core’s "fresh-noise")',
  codec: struct('cold-improved step', { kind: required(literal('cold-improved')) }),
  create: (_c, deps: StepDeps) => {
    if (!(deps.process instanceof ColdProcess)) {
      throw new ConfigError(['sample.step.kind: "cold-improved" needs a cold process (process.kind "cold")']);
    }
    return new ImprovedColdStep(deps.process);
  },
});
