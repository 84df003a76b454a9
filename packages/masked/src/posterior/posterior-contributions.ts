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

/** The built-in training objectives of the SUBS posterior, bound to `MASKED_CHOICES.Objective` by `maskedModule`. */
export const MASKED_OBJECTIVES = [
  nelboObjectiveContribution,
  crossEntropyObjectiveContribution,
  countNelboObjectiveContribution,
] as const;

/**
 * The built-in objectives only (`posterior.objective.kind`).
 * @deprecated read `MASKED_CHOICES.Objective` from the container (`choiceRegistry`), which also holds a plugin's.
 */
export const maskedObjectiveRegistry = new Registry<MaskedObjective, unknown>('posterior.objective', [
  ...MASKED_OBJECTIVES,
]);

/**
 * The SUBS posterior whose `posterior.objective` is one of `objectives` (`maskedModule` passes the objectives bound
 * to `MASKED_CHOICES.Objective`: the built-in ones and any a plugin adds).
 */
export const subsPosteriorWith = (objectives: Registry<MaskedObjective, unknown>) =>
  contribution({
    kind: 'subs',
    description:
      'categorical G_t with SUBS ([MASK] logit −∞, unmasked tokens carried over) for process "masked"',
    codec: struct('subs posterior', {
      kind: required(literal('subs')),
      objective: withDefault(objectives.codec(), { kind: 'nelbo' }),
      trailingPadId: optional(nonNegativeInt),
    }),
    requires: [ABSORBING_MASK],
    create: (c, deps: PosteriorDeps) => {
      return new SubsPosterior(
        requireCapability(ABSORBING_MASK, deps.process, 'posterior.kind: "subs"'),
        deps.network,
        objectives.create(c.objective, undefined),
        { trailingPadId: c.trailingPadId },
      );
    },
  });

/** The SUBS posterior with the built-in objectives only; `maskedModule` binds `subsPosteriorWith` the container's. */
export const subsPosterior = subsPosteriorWith(maskedObjectiveRegistry);
