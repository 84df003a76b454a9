import {
  booleanCodec,
  ConfigError,
  contribution,
  literal,
  numberIn,
  oneOf,
  required,
  struct,
  withDefault,
} from '@udm/core';
import type { ForwardProcess, StepDeps } from '@udm/core';
import { isGaussianProcess, type GaussianProcess } from '../process/gaussian-process.js';
import { DdimStep } from './ddim-step.js';
import { DDPM_VARIANCES, ddpmVarianceOf } from './ddpm-variances.js';
import { x0ProcessingFields, x0ProcessorOf } from './x0-processing-config.js';

/** The process as a Gaussian one, or a ConfigError naming the step. */
export function gaussianProcessFor(process: ForwardProcess, kind: string): GaussianProcess {
  if (!isGaussianProcess(process)) {
    throw new ConfigError([
      `sample.step.kind: step "${kind}" needs a Gaussian process (process.kind "vp", "vp-continuous", "ve" or "rectified-flow")`,
    ]);
  }
  return process;
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
  create: (c, deps: StepDeps) =>
    new DdimStep(gaussianProcessFor(deps.process, 'ddim'), {
      eta: c.eta,
      x0Processor: x0ProcessorOf(c),
      useClippedModelOutput: c.useClippedModelOutput,
      setAlphaToOne: c.setAlphaToOne,
    }),
});
