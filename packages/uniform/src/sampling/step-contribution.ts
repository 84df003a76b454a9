import {
  contribution,
  literal,
  numberIn,
  requireCapability,
  required,
  struct,
  withDefault,
  type StepDeps,
} from '@udm/core';
import { UNIFORM_STATE } from '../process/uniform-state.js';
import { UniformStep } from './uniform-step.js';

export const uniformAncestralStep = contribution({
  kind: 'uniform-ancestral',
  description:
    'p_θ(x_s | x_t) = Σ_z q(x_s | x_t, z)·p_θ(z | x_t) of the uniform-state process, drawn per token in float64',
  codec: struct('uniform-ancestral step', {
    kind: required(literal('uniform-ancestral')),
    temperature: withDefault(numberIn(0, 100, { lo: true }), 1),
  }),
  requires: [UNIFORM_STATE],
  create: (c, deps: StepDeps) =>
    new UniformStep(
      requireCapability(UNIFORM_STATE, deps.process, 'sample.step.kind: "uniform-ancestral"'),
      c.temperature,
    ),
});
