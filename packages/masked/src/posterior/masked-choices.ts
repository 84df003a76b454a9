import { choicePoint, DISCRETE_CHOICES } from '@udm/core';
import type { MaskedObjective } from './masked-objective.js';

/**
 * Second-level extension points of the masked family. `maskedModule` binds the built-in objectives; a plugin binds
 * its own training objective (`contribute(MASKED_CHOICES.Objective.token, myObjective)`) and it becomes a valid
 * `posterior.objective` of the SUBS posterior without an edit to this package.
 */
export const MASKED_CHOICES = {
  /** The training objective of G_t under the SUBS parameterization (`posterior.objective`). */
  Objective: choicePoint<MaskedObjective>('masked.Objective', 'posterior.objective', 'posterior.kind "subs"'),
  /** @deprecated `DISCRETE_CHOICES.KeepSchedule` of `@udm/core` (the same token). */
  MaskSchedule: DISCRETE_CHOICES.KeepSchedule,
  /** @deprecated `DISCRETE_CHOICES.ScheduleClock` of `@udm/core` (the same token). */
  MaskClock: DISCRETE_CHOICES.ScheduleClock,
} as const;
