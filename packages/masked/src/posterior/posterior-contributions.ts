import {
  contribution,
  literal,
  nonNegativeInt,
  optional,
  Registry,
  requireCapability,
  required,
  struct,
  withDefault,
} from '@udm/core';
import type { PosteriorDeps } from '@udm/core';
import { ABSORBING_MASK } from '../process/absorbing-mask.js';
import { crossEntropyObjective } from './cross-entropy-objective.js';
import type { MaskedObjective } from './masked-objective.js';
import { countNelboObjective } from '../estimator/count-nelbo-objective.js';
import { nelboObjective } from './nelbo-objective.js';
import { SubsPosterior } from './subs-posterior.js';

export const nelboObjectiveContribution = contribution({
  kind: 'nelbo',
  description: 'MDLM continuous-time NELBO: masked-token cross-entropy weighted by −α′/(1 − α) (1/t)',
  codec: struct('nelbo objective', { kind: required(literal('nelbo')) }),
  create: (): MaskedObjective => nelboObjective,
});

export const crossEntropyObjectiveContribution = contribution({
  kind: 'cross-entropy',
  description: 'the seed’s plain cross-entropy on masked tokens (no time weighting)',
  codec: struct('cross-entropy objective', { kind: required(literal('cross-entropy')) }),
  create: (): MaskedObjective => crossEntropyObjective,
});

export const countNelboObjectiveContribution = contribution({
  kind: 'nelbo-count',
  description:
    'the NELBO with exactly k ~ U{1..L} masked tokens weighted L/k (lower variance; needs continuous time)',
  codec: struct('nelbo-count objective', { kind: required(literal('nelbo-count')) }),
  create: (): MaskedObjective => countNelboObjective,
});

/** The training objectives of the SUBS posterior (`posterior.objective.kind`). */
export const maskedObjectiveRegistry = new Registry<MaskedObjective, unknown>('posterior.objective', [
  nelboObjectiveContribution,
  crossEntropyObjectiveContribution,
  countNelboObjectiveContribution,
]);

export const subsPosterior = contribution({
  kind: 'subs',
  description:
    'categorical G_t with SUBS ([MASK] logit −∞, unmasked tokens carried over) for process "masked"',
  codec: struct('subs posterior', {
    kind: required(literal('subs')),
    objective: withDefault(maskedObjectiveRegistry.codec(), { kind: 'nelbo' }),
    trailingPadId: optional(nonNegativeInt),
  }),
  requires: [ABSORBING_MASK],
  create: (c, deps: PosteriorDeps) => {
    return new SubsPosterior(
      requireCapability(ABSORBING_MASK, deps.process, 'posterior.kind: "subs"'),
      deps.network,
      maskedObjectiveRegistry.create(c.objective, undefined),
      { trailingPadId: c.trailingPadId },
    );
  },
});
