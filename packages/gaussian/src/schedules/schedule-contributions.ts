import { arrayOf, contribution, literal, numberIn, Registry, required, struct, withDefault } from '@udm/core';
import { AlphasCumprodTable } from './alphas-cumprod-table.js';
import type { BetaSchedule } from './beta-schedule.js';
import { CosineSchedule } from './cosine-schedule.js';
import { LinearSchedule } from './linear-schedule.js';
import { ScaledLinearSchedule } from './scaled-linear-schedule.js';

const beta = numberIn(0, 1, { lo: true, hi: true });

export const linearSchedule = contribution({
  kind: 'linear',
  description: 'β evenly spaced from betaStart to betaEnd (DDPM)',
  codec: struct('linear schedule', {
    kind: required(literal('linear')),
    betaStart: withDefault(beta, 1e-4),
    betaEnd: withDefault(beta, 0.02),
  }),
  create: (c): BetaSchedule => new LinearSchedule(c.betaStart, c.betaEnd),
});

export const scaledLinearSchedule = contribution({
  kind: 'scaled_linear',
  aliases: ['scaled-linear'],
  description:
    '√β evenly spaced from √betaStart to √betaEnd, squared (Stable Diffusion; also "scaled-linear")',
  codec: struct('scaled_linear schedule', {
    kind: required(literal('scaled_linear')),
    betaStart: withDefault(beta, 0.00085),
    betaEnd: withDefault(beta, 0.012),
  }),
  create: (c): BetaSchedule => new ScaledLinearSchedule(c.betaStart, c.betaEnd),
});

export const cosineSchedule = contribution({
  kind: 'squaredcos_cap_v2',
  aliases: ['cosine'],
  description: 'cosine ᾱ (Nichol & Dhariwal), β capped at maxBeta (also spelled "cosine")',
  codec: struct('squaredcos_cap_v2 schedule', {
    kind: required(literal('squaredcos_cap_v2')),
    offset: withDefault(numberIn(0, 1), 0.008),
    maxBeta: withDefault(numberIn(0, 1, { lo: true }), 0.999),
  }),
  create: (c): BetaSchedule => new CosineSchedule(c.offset, c.maxBeta),
});

export const alphasCumprodSchedule = contribution({
  kind: 'alphas_cumprod',
  description: 'a user-supplied ᾱ table (non-increasing, in [0, 1]); T must equal its length',
  codec: struct('alphas_cumprod schedule', {
    kind: required(literal('alphas_cumprod')),
    values: required(arrayOf(numberIn(0, 1), 1)),
  }),
  create: (c): BetaSchedule => new AlphasCumprodTable(c.values),
});

/** The built-in β schedules (bound to `GAUSSIAN_CHOICES.BetaSchedule` by `gaussianModule`). */
export const betaSchedules = [linearSchedule, scaledLinearSchedule, cosineSchedule, alphasCumprodSchedule];

/**
 * The built-in β schedules by kind, for parts built without a container (`vpProcess`); a run's registry is the
 * container's (`choiceRegistry(container, GAUSSIAN_CHOICES.BetaSchedule)`), with the schedules plugins add.
 */
export const scheduleRegistry = new Registry<BetaSchedule, unknown>('process.schedule', betaSchedules);
