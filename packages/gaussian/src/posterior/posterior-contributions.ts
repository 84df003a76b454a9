import { ConfigError, contribution, literal, required, struct } from '@udm/core';
import type { PosteriorDeps } from '@udm/core';
import { epsilonParameterization } from '../parameterization/epsilon.js';
import { VpProcess } from '../process/vp-process.js';
import { GaussianPosterior } from './gaussian-posterior.js';

export const epsilonPosterior = contribution({
  kind: 'epsilon',
  description: 'Gaussian G_t with ε-prediction (DDPM loss ‖ε̂ − ε‖²)',
  codec: struct('epsilon posterior', { kind: required(literal('epsilon')) }),
  create: (_c, deps: PosteriorDeps) => {
    if (!(deps.process instanceof VpProcess)) {
      throw new ConfigError(['posterior.kind: "epsilon" needs a Gaussian VP process (process.kind "vp")']);
    }
    return new GaussianPosterior(deps.process, deps.network, epsilonParameterization);
  },
});
