import { contribution, literal, requireCapability, required, struct, type PosteriorDeps } from '@udm/core';
import { UNIFORM_STATE } from '../process/uniform-state.js';
import { UniformPosterior } from './uniform-posterior.js';

export const uniformPosteriorContribution = contribution({
  kind: 'uniform',
  description:
    'categorical G_t p_θ(x0 | x_t) for process "uniform", trained on the exact NELBO (continuous-time D3PM-uniform, or the T-step sum)',
  codec: struct('uniform posterior', { kind: required(literal('uniform')) }),
  requires: [UNIFORM_STATE],
  create: (_c, deps: PosteriorDeps) =>
    new UniformPosterior(
      requireCapability(UNIFORM_STATE, deps.process, 'posterior.kind: "uniform"'),
      deps.network,
    ),
});
