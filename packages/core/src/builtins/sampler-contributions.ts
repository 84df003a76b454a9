import { literal, required, struct } from '../config/struct.js';
import type { Sampler } from '../contracts/sampler.js';
import { contribution } from '../di/contribution.js';
import { sample } from '../sampling/sample.js';

/** The generic step-by-step loop (seed 002, §7.3) with the configured `sample.step`. */
export const ancestralSampler: Sampler = { usesStep: true, sample: (options) => sample(options) };

/** `ancestral`: the default sampler, x̂0 = G_t(x_t) then x_s ~ the configured `sample.step`, for every move. */
export const ancestralSamplerContribution = contribution({
  kind: 'ancestral',
  description: 'step by step: x̂0 = G_t(x_t), then x_s from the configured sample.step (the default)',
  codec: struct('ancestral sampler', { kind: required(literal('ancestral')) }),
  create: (): Sampler => ancestralSampler,
});
