import {
  AFFINE_GAUSSIAN,
  booleanCodec,
  requireCapability,
  contribution,
  literal,
  numberIn,
  oneOf,
  required,
  struct,
  withDefault,
} from '@udm/core';
import type { ForwardProcess, StepDeps } from '@udm/core';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { DdimStep } from './ddim-step.js';
import { DDPM_VARIANCES, ddpmVarianceOf } from './ddpm-variances.js';
import { x0ProcessingFields, x0ProcessorOf } from './x0-processing-config.js';

/** The process as a Gaussian one, or a ConfigError naming the step and the missing capability. */
export function gaussianProcessFor(process: ForwardProcess, kind: string): GaussianProcess {
  return requireCapability(AFFINE_GAUSSIAN, process, `sample.step.kind: "${kind}"`);
}

export const ddpmStep = contribution({
  kind: 'ddpm',
  description:
    'DDPM ancestral step; variance fixed_small (β̃, = DDIM η = 1), fixed_large (β) or learned_range',
  codec: struct('ddpm step', {
    kind: required(literal('ddpm')),
    variance: withDefault(oneOf(DDPM_VARIANCES.map((v) => v.kind)), 'fixed_small'),
    ...x0ProcessingFields,
  }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: StepDeps) =>
    ddpmVarianceOf(c.variance).create(gaussianProcessFor(deps.process, 'ddpm'), x0ProcessorOf(c)),
});

export const ddimStep = contribution({
  kind: 'ddim',
  description: 'DDIM(η): η = 0 deterministic, η = 1 DDPM',
  codec: struct('ddim step', {
    kind: required(literal('ddim')),
    eta: withDefault(numberIn(0, 1), 0),
    useClippedModelOutput: withDefault(booleanCodec, false),
    setAlphaToOne: withDefault(booleanCodec, true),
    ...x0ProcessingFields,
  }),
  requires: [AFFINE_GAUSSIAN],
  create: (c, deps: StepDeps) =>
    new DdimStep(gaussianProcessFor(deps.process, 'ddim'), {
      eta: c.eta,
      x0Processor: x0ProcessorOf(c),
      useClippedModelOutput: c.useClippedModelOutput,
      setAlphaToOne: c.setAlphaToOne,
    }),
});
