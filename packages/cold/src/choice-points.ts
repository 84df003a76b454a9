import { choicePoint } from '@udm/core';
import type { Degradation } from './degradations/degradation.js';
import type { DegradationDeps } from './degradations/degradation-contributions.js';
import type { StdSchedule } from './degradations/std-schedules.js';

/**
 * The cold plugin's second-level extension points: a plugin binds a degradation D(x0, t) or a blur std schedule
 * to one of these tokens and it becomes a valid `process.degradation` / `process.degradation.std`.
 */
export const COLD_CHOICES = {
  /** The deterministic degradation D(x0, t) (`process.degradation` when `process.kind` is `cold`). */
  Degradation: choicePoint<Degradation, DegradationDeps>(
    'cold.Degradation',
    'process.degradation',
    'process.kind "cold"',
  ),
  /** The per-level blur std (`process.degradation.std` of `gaussian-blur`). */
  StdSchedule: choicePoint<StdSchedule>(
    'cold.StdSchedule',
    'process.degradation.std',
    'process.degradation.kind "gaussian-blur"',
  ),
} as const;
