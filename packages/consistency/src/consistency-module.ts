import { definePlugin, TOKENS } from '@udm/core';
import { GAUSSIAN_CHOICES, parameterizationContribution } from '@udm/gaussian';
import { consistencyParameterization } from './parameterization/consistency-parameterization.js';
import { consistencySampler } from './sampler/consistency-sampler.js';

/** The `consistency` parameterization as a contribution: `gaussianModule` makes it the posterior kind `consistency`. */
export const consistencyParameterizationContribution =
  parameterizationContribution(consistencyParameterization);

/**
 * Binds the consistency models: the `consistency` parameterization (so `posterior.kind: "consistency"` — f_θ with
 * f(x, σ_min) = x — next to `gaussianModule`) and `sample.sampler.kind: "consistency"`. Load it with
 * `udm … --plugin` or next to `defaultModules()`.
 */
export const consistencyModule = definePlugin(({ contribute }) => {
  contribute(GAUSSIAN_CHOICES.Parameterization.token, consistencyParameterizationContribution);
  contribute(TOKENS.Sampler, consistencySampler);
});
