import { choicePoint } from '../di/choice-point.js';
import type { KeepSchedule } from './keep-schedule.js';
import type { ScheduleClock } from './schedule-clock.js';

/**
 * Second-level extension points shared by the discrete (token) families — the absorbing [MASK] process of
 * `@udm/masked`, the uniform-state process of `@udm/uniform`, and any a plugin adds. `coreModule` binds the built-in
 * kinds; a plugin binds its own keep schedule or clock to one of these tokens (e.g.
 * `contribute(DISCRETE_CHOICES.KeepSchedule.token, sqrtSchedule)`) and it becomes a valid `process.schedule` /
 * `process.time` of every process that reads them.
 */
export const DISCRETE_CHOICES = {
  /** α(τ), the probability a token of x0 is kept in x_t (`process.schedule` of a discrete process). */
  KeepSchedule: choicePoint<KeepSchedule>(
    'discrete.KeepSchedule',
    'process.schedule',
    'discrete token processes (process.kind "masked", "uniform", or a plugin’s)',
  ),
  /** The time a discrete process runs on: continuous [0, 1] or T steps (`process.time`). */
  ScheduleClock: choicePoint<ScheduleClock>(
    'discrete.ScheduleClock',
    'process.time',
    'discrete token processes (process.kind "masked", "uniform", or a plugin’s)',
  ),
} as const;
