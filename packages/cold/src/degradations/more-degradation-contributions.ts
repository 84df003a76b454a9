import {
  contribution,
  finiteNumber,
  literal,
  numberIn,
  positiveInt,
  required,
  struct,
  withDefault,
} from '@udm/core';
import type { DegradationDeps } from './degradation-contributions.js';
import type { Degradation } from './degradation.js';
import { FadeToMean } from './fade.js';
import { GrowingMask } from './growing-mask.js';

export const inpaintDegradation = contribution({
  kind: 'inpaint',
  description:
    'inpainting: a Gaussian hole at the centre that grows with t (m_t = Π_i (1 − exp(−d²/2r_i²)), r_i = rStart + i·rStep), filled with `fill`',
  codec: struct('inpaint degradation', {
    kind: required(literal('inpaint')),
    T: withDefault(positiveInt, 20),
    rStart: withDefault(numberIn(0, 1e4, { lo: true }), 1),
    rStep: withDefault(numberIn(0, 1e4), 0.5),
    fill: withDefault(finiteNumber, 0),
  }),
  create: (c, deps: DegradationDeps): Degradation =>
    new GrowingMask(deps.itemShape, c.T, c.rStart, c.rStep, c.fill),
});

export const fadeDegradation = contribution({
  kind: 'fade',
  description:
    'fading to the mean: D(x, t) = (1 − λ_t)x + λ_t·mean, λ_t = ((t + 1)/T)^power (reversed: defade)',
  codec: struct('fade degradation', {
    kind: required(literal('fade')),
    T: withDefault(positiveInt, 20),
    mean: withDefault(finiteNumber, 0),
    power: withDefault(numberIn(0, 100, { lo: true }), 1),
  }),
  create: (c): Degradation => new FadeToMean(c.T, c.mean, c.power),
});
