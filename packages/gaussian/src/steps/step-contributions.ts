import {
  contribution,
  ConfigError,
  InterpolatedNoiseStep,
  literal,
  numberIn,
  required,
  struct,
  withDefault,
} from '@udm/core';
import type { ForwardProcess } from '@udm/core';
import { VpProcess } from '../process/vp-process.js';
import { ddimNoiseMix } from './ddim-noise-mix.js';

function vp(process: ForwardProcess, kind: string): VpProcess {
  if (!(process instanceof VpProcess)) {
    throw new ConfigError([
      `sample.step.kind: step "${kind}" needs a Gaussian VP process (process.kind "vp")`,
    ]);
  }
  return process;
}

export const ddpmStep = contribution({
  kind: 'ddpm',
  description: 'DDPM ancestral step, posterior variance β̃ (fixed_small); = DDIM with η = 1',
  codec: struct('ddpm step', { kind: required(literal('ddpm')) }),
  create: (_c, deps: { process: ForwardProcess }) => {
    const p = vp(deps.process, 'ddpm');
    return new InterpolatedNoiseStep(p, ddimNoiseMix(p, 1));
  },
});

export const ddimStep = contribution({
  kind: 'ddim',
  description: 'DDIM(η): η = 0 deterministic, η = 1 DDPM',
  codec: struct('ddim step', { kind: required(literal('ddim')), eta: withDefault(numberIn(0, 1), 0) }),
  create: (c, deps: { process: ForwardProcess }) => {
    const p = vp(deps.process, 'ddim');
    return new InterpolatedNoiseStep(p, ddimNoiseMix(p, c.eta));
  },
});
