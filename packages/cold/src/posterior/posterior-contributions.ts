import { ConfigError, contribution, literal, oneOf, required, struct, withDefault } from '@udm/core';
import type { PosteriorDeps } from '@udm/core';
import { ColdProcess } from '../process/cold-process.js';
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
  create: (c, deps: PosteriorDeps) => {
    if (!(deps.process instanceof ColdProcess)) {
      throw new ConfigError(['posterior.kind: "cold-x0" needs a cold process (process.kind "cold")']);
    }
    return new ColdPosterior(deps.process, deps.network, POINT_LOSSES[c.loss]);
  },
});
