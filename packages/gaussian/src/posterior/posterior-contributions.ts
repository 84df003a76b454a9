import {
  AFFINE_GAUSSIAN,
  ConfigError,
  contribution,
  DISCRETE_TIME,
  requireCapability,
  literal,
  nonNegativeInt,
  numberIn,
  positiveInt,
  required,
  SeededRng,
  struct,
  withDefault,
  type PosteriorContribution,
  type PosteriorDeps,
  type Registry,
} from '@udm/core';
import type { Parameterization } from '../parameterization/parameterization.js';
import {
  PARAMETERIZATIONS,
  parameterizationRegistry,
  parameterizationsIn,
} from '../parameterization/parameterization-registry.js';
import { GaussianPosterior } from './gaussian-posterior.js';
import { GAUSSIAN_PREDICTION } from './gaussian-prediction-capability.js';
import { SQUARED_ERROR } from '../objective/squared-error-capability.js';
import { LearnedVariancePosterior } from './learned-variance-posterior.js';

/** The posterior contribution for one parameterization: `{ kind, labelDropout?, labelDropoutSeed? }`. */
export function posteriorContribution(p: Parameterization) {
  return contribution({
    kind: p.kind,
    description: `Gaussian G_t with ${p.description}`,
    codec: struct(`${p.kind} posterior`, {
      kind: required(literal(p.kind)),
      labelDropout: withDefault(numberIn(0, 1, { hi: true }), 0),
      labelDropoutSeed: withDefault(nonNegativeInt, 0),
    }),
    requires: [AFFINE_GAUSSIAN, ...(p.requires ?? [])],
    provides: [GAUSSIAN_PREDICTION, SQUARED_ERROR],
    create: (c, deps: PosteriorDeps) => {
      const process = requireCapability(AFFINE_GAUSSIAN, deps.process, `posterior.kind: "${p.kind}"`);
      const dropout =
        c.labelDropout > 0
          ? { probability: c.labelDropout, rng: new SeededRng(c.labelDropoutSeed) }
          : undefined;
      return new GaussianPosterior(process, deps.network, p, dropout);
    },
  });
}

/**
 * `learned-range`: a learned variance on top of a parameterization (`prediction`, one of `parameterizations`'
 * kinds), trained with L_hybrid = L_simple + λ·L_vlb. It asks the network for twice the item's last axis
 * (`networkOutputShape`).
 */
export function learnedRangePosteriorWith(
  parameterizations: Registry<Parameterization, unknown>,
): PosteriorContribution {
  const learnedRangeCodec = struct('learned-range posterior', {
    kind: required(literal('learned-range')),
    prediction: withDefault(parameterizations.codec(), { kind: 'epsilon' }),
    vlbWeight: withDefault(numberIn(0, Infinity), 0.001),
    decoderBins: withDefault(positiveInt, 256),
  });
  return {
    ...contribution({
      kind: 'learned-range',
      description:
        'Gaussian G_t with a learned variance (learned_range, L_simple + λ·L_vlb); network outputs 2× the last axis',
      codec: learnedRangeCodec,
      requires: [AFFINE_GAUSSIAN, DISCRETE_TIME],
      provides: [GAUSSIAN_PREDICTION],
      create: (c, deps: PosteriorDeps) => {
        const who = 'posterior.kind: "learned-range"';
        const process = requireCapability(AFFINE_GAUSSIAN, deps.process, who);
        requireCapability(DISCRETE_TIME, process, who);
        if (c.decoderBins < 2)
          throw new ConfigError([`posterior.decoderBins: expected ≥ 2, got ${c.decoderBins}`]);
        return new LearnedVariancePosterior(
          process,
          deps.network,
          parameterizations.create(c.prediction, undefined),
          { vlbWeight: c.vlbWeight, decoderBins: c.decoderBins },
        );
      },
    }),
    networkOutputShape: (_c, itemShape) => learnedVarianceOutputShape(itemShape),
  };
}

/** `learned-range` over the built-in parameterizations (`gaussianModule` binds it over the container's). */
export const learnedRangePosterior = learnedRangePosteriorWith(parameterizationRegistry);

/** The Gaussian posteriors of a registry's parameterizations (one kind each) and `learned-range` over them. */
export function gaussianPosteriorsOf(
  parameterizations: Registry<Parameterization, unknown>,
): PosteriorContribution[] {
  return [
    ...parameterizationsIn(parameterizations).map(posteriorContribution),
    learnedRangePosteriorWith(parameterizations),
  ];
}

/** The network output item of a learned variance: the item's last axis doubled (prediction, then v̂). */
export function learnedVarianceOutputShape(itemShape: readonly number[]): number[] {
  if (itemShape.length === 0)
    throw new ConfigError(['posterior: a learned variance needs items of rank ≥ 1']);
  return itemShape.map((d, i) => (i === itemShape.length - 1 ? 2 * d : d));
}

/** One posterior kind per parameterization. */
export const gaussianPosteriors = PARAMETERIZATIONS.map(posteriorContribution);
export const epsilonPosterior = gaussianPosteriors[0]!;
