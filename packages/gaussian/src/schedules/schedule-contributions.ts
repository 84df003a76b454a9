import { contribution, literal, numberIn, Registry, required, struct, withDefault } from '@udm/core';
import type { BetaSchedule } from './beta-schedule.js';
import { LinearSchedule } from './linear-schedule.js';

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

/** The β schedules this plugin knows, looked up by the config's `schedule.kind`. */
export const scheduleRegistry = new Registry<BetaSchedule, unknown>('process.schedule', [linearSchedule]);
