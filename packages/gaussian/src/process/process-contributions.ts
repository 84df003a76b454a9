import { contribution, positiveInt, required, literal, struct, withDefault } from '@udm/core';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { scheduleRegistry } from '../schedules/schedule-contributions.js';
import { VpProcess } from './vp-process.js';

export const vpProcess = contribution({
  kind: 'vp',
  description: 'variance-preserving Gaussian x_t = √ᾱ_t x0 + √(1−ᾱ_t) ε on t = 0..T−1',
  codec: struct('vp process', {
    kind: required(literal('vp')),
    T: withDefault(positiveInt, 1000),
    schedule: withDefault(scheduleRegistry.codec(), { kind: 'linear' }),
  }),
  create: (c) => new VpProcess(alphasCumprod(scheduleRegistry.create(c.schedule, undefined).betas(c.T))),
});
