import {
  ConfigError,
  contribution,
  finiteNumber,
  LABELLED_DATA,
  literal,
  numberIn,
  requireCapability,
  required,
  struct,
  withDefault,
  type Guidance,
  type GuidanceDeps,
} from '@udm/core';
import { ClassifierFreeGuidance } from './classifier-free-guidance.js';
import { classifierGuidance } from './classifier-guidance-contribution.js';
import { RAW_OUTPUT } from './raw-output-capability.js';

/**
 * `sample.guidance: { kind: 'classifier-free', scale: w, rescale: φ }`: classifier-free guidance of a network
 * trained with label dropout (`posterior.labelDropout`), o_u + w·(o_c − o_u), rescaled with φ.
 */
export const classifierFreeGuidance = contribution({
  kind: 'classifier-free',
  description:
    'classifier-free guidance o_u + w·(o_c − o_u) of a network trained with posterior.labelDropout (w = scale; rescale φ ∈ [0, 1], Lin et al. 2023); needs sample.labels',
  codec: struct('classifier-free guidance', {
    kind: required(literal('classifier-free')),
    scale: required(finiteNumber),
    rescale: withDefault(numberIn(0, 1), 0),
  }),
  requires: [LABELLED_DATA, RAW_OUTPUT],
  create: (c, deps: GuidanceDeps): Guidance => {
    const who = 'sample.guidance.kind: "classifier-free"';
    const model = requireCapability(RAW_OUTPUT, deps.posterior, who);
    // o_u is the output for the null label: a network trained without label dropout never learned it
    if ((deps.posterior as { labelDropoutProbability?: number }).labelDropoutProbability === 0)
      throw new ConfigError([
        `${who} needs a network trained with label dropout (posterior.labelDropout > 0, e.g. 0.1): ` +
          'its unconditional output o_u (the null label) was never trained',
      ]);
    return new ClassifierFreeGuidance(model, { scale: c.scale, rescale: c.rescale });
  },
});

/** The guidance kinds of the Gaussian plugin. */
export const guidanceContributions = [classifierFreeGuidance, classifierGuidance];
