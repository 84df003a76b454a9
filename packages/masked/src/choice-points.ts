import { choicePoint } from '@udm/core';
import type { MaskSchedule } from './schedules/mask-schedule.js';
import type { MaskClock } from './time/mask-clock.js';

/**
 * The masked plugin's second-level extension points: a plugin binds a mask schedule or a clock to one of these
 * tokens and it becomes a valid `process.schedule` / `process.time` of the `masked` process.
 */
export const MASKED_CHOICES = {
  /** α(τ), the kept fraction (`process.schedule` when `process.kind` is `masked`). */
  MaskSchedule: choicePoint<MaskSchedule>('masked.MaskSchedule', 'process.schedule', 'process.kind "masked"'),
  /** The time a masking process runs on (`process.time` when `process.kind` is `masked`). */
  MaskClock: choicePoint<MaskClock>('masked.MaskClock', 'process.time', 'process.kind "masked"'),
} as const;
