import {
  requireCapability,
  contribution,
  literal,
  numberIn,
  optional,
  positiveInt,
  required,
  struct,
  withDefault,
  type StepDeps,
} from '@udm/core';
import { ABSORBING_MASK } from '../process/absorbing-mask.js';
import { ancestralRule } from './ancestral-rule.js';
import { lowConfidenceRule } from './low-confidence-rule.js';
import { MaskedStep } from './masked-step.js';
import { randomRule } from './random-rule.js';
import { ResampleStep } from './resample-step.js';
import type { RevealRule } from './reveal-rule.js';

function samplingFields<K extends string>(kind: K, temperature: number) {
  return {
    kind: required(literal(kind)),
    temperature: withDefault(numberIn(0, 100), temperature),
    topP: withDefault(numberIn(0, 1, { lo: true }), 1),
    blockLength: optional(positiveInt),
  };
}

function maskedStep(
  kind: string,
  rule: RevealRule,
  c: { temperature: number; topP: number; blockLength?: number | undefined },
  deps: StepDeps,
): MaskedStep {
  return new MaskedStep(requireCapability(ABSORBING_MASK, deps.process, `sample.step.kind: "${kind}"`), rule, {
    temperature: c.temperature,
    topP: c.topP,
    ...(c.blockLength !== undefined ? { blockLength: c.blockLength } : {}),
  });
}

export const maskedAncestralStep = contribution({
  kind: 'masked-ancestral',
  description:
    'MDLM ancestral step q(x_s | x_t, x̂0): unmask each [MASK] w.p. (α_s − α_t)/(1 − α_t), carry unmasked tokens over',
  codec: struct('masked-ancestral step', samplingFields('masked-ancestral', 1)),
  requires: [ABSORBING_MASK],
  create: (c, deps: StepDeps) => maskedStep('masked-ancestral', ancestralRule, c, deps),
});

export const maskedLowConfidenceStep = contribution({
  kind: 'masked-low-confidence',
  description: 'LLaDA low-confidence remasking: unmask the most confident predictions, remask the rest',
  codec: struct('masked-low-confidence step', samplingFields('masked-low-confidence', 1)),
  requires: [ABSORBING_MASK],
  create: (c, deps: StepDeps) => maskedStep('masked-low-confidence', lowConfidenceRule, c, deps),
});

export const maskedRandomStep = contribution({
  kind: 'masked-random',
  description: 'LLaDA random remasking: unmask a uniformly random subset of the expected size',
  codec: struct('masked-random step', samplingFields('masked-random', 1)),
  requires: [ABSORBING_MASK],
  create: (c, deps: StepDeps) => maskedStep('masked-random', randomRule, c, deps),
});

export const maskedResampleStep = contribution({
  kind: 'masked-resample',
  description:
    'seed 002 eq. 59 as written: x̂0 drawn from q(x0 | x_t) at every position, then a fresh mask with α_s kept (may re-mask)',
  codec: struct('masked-resample step', {
    kind: required(literal('masked-resample')),
    temperature: withDefault(numberIn(0, 100), 1),
    topP: withDefault(numberIn(0, 1, { lo: true }), 1),
  }),
  requires: [ABSORBING_MASK],
  create: (c, deps: StepDeps) =>
    new ResampleStep(requireCapability(ABSORBING_MASK, deps.process, 'sample.step.kind: "masked-resample"'), {
      temperature: c.temperature,
      topP: c.topP,
    }),
});
