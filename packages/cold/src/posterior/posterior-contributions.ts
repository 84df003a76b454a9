import { contribution, literal, oneOf, requireCapability, required, struct, withDefault } from '@udm/core';
import type { PosteriorDeps } from '@udm/core';
import { DEGRADATION } from '../process/degrading.js';
import { ColdPosterior } from './cold-posterior.js';
import { POINT_LOSSES, type PointLossName } from './point-loss.js';

export const coldPosterior = contribution({
  kind: 'cold-x0',
  description:
    'cold-diffusion G_t: the network predicts x0 from D(x0, t); L2 (Gaussian q) or L1 (Laplace q) loss',
  codec: struct('cold-x0 posterior', {
    kind: required(literal('cold-x0')),
    loss: withDefault(oneOf(Object.keys(POINT_LOSSES) as PointLossName[]), 'l2'),
  }),
  requires: [DEGRADATION],
  create: (c, deps: PosteriorDeps) =>
    new ColdPosterior(
      requireCapability(DEGRADATION, deps.process, 'posterior.kind: "cold-x0"'),
      deps.network,
      POINT_LOSSES[c.loss],
    ),
});
