/**
 * The names the masked plugin exported before its keep schedules, clocks, noise and prediction type moved to
 * `@udm/core` (where the uniform-state family and any plugin share them). Each is the core symbol itself, so code
 * written against the old names keeps working and keeps the same numbers; new code should import the core names.
 */
import {
  ContinuousScheduleClock,
  CosineKeepSchedule,
  continuousScheduleClock,
  cosineKeepSchedule,
  DiscreteScheduleClock,
  discreteScheduleClock,
  keepScheduleRegistry,
  keepSchedules,
  LinearKeepSchedule,
  linearKeepSchedule,
  LogLinearKeepSchedule,
  logLinearKeepSchedule,
  scheduleClockRegistry,
  scheduleClocks,
  type CategoricalPrediction,
  type KeepSchedule,
  type ScheduleClock,
} from '@udm/core';

/** @deprecated `KeepSchedule` of `@udm/core`. */
export type MaskSchedule = KeepSchedule;
/** @deprecated `ScheduleClock` of `@udm/core`. */
export type MaskClock = ScheduleClock;
/** @deprecated `CategoricalPrediction` of `@udm/core`. */
export type MaskedPrediction = CategoricalPrediction;

/** @deprecated `LinearKeepSchedule` of `@udm/core`. */
export const LinearMaskSchedule = LinearKeepSchedule;
/** @deprecated `LinearKeepSchedule` of `@udm/core`. */
export type LinearMaskSchedule = LinearKeepSchedule;
/** @deprecated `LogLinearKeepSchedule` of `@udm/core`. */
export const LogLinearMaskSchedule = LogLinearKeepSchedule;
/** @deprecated `LogLinearKeepSchedule` of `@udm/core`. */
export type LogLinearMaskSchedule = LogLinearKeepSchedule;
/** @deprecated `CosineKeepSchedule` of `@udm/core`. */
export const CosineMaskSchedule = CosineKeepSchedule;
/** @deprecated `CosineKeepSchedule` of `@udm/core`. */
export type CosineMaskSchedule = CosineKeepSchedule;
/** @deprecated `ContinuousScheduleClock` of `@udm/core`. */
export const ContinuousMaskClock = ContinuousScheduleClock;
/** @deprecated `ContinuousScheduleClock` of `@udm/core`. */
export type ContinuousMaskClock = ContinuousScheduleClock;
/** @deprecated `DiscreteScheduleClock` of `@udm/core`. */
export const DiscreteMaskClock = DiscreteScheduleClock;
/** @deprecated `DiscreteScheduleClock` of `@udm/core`. */
export type DiscreteMaskClock = DiscreteScheduleClock;

/** @deprecated `linearKeepSchedule` of `@udm/core`. */
export const linearMaskSchedule = linearKeepSchedule;
/** @deprecated `logLinearKeepSchedule` of `@udm/core`. */
export const logLinearMaskSchedule = logLinearKeepSchedule;
/** @deprecated `cosineKeepSchedule` of `@udm/core`. */
export const cosineMaskSchedule = cosineKeepSchedule;
/** @deprecated `keepSchedules` of `@udm/core`. */
export const maskSchedules = keepSchedules;
/** @deprecated `keepScheduleRegistry` of `@udm/core`. */
export const maskScheduleRegistry = keepScheduleRegistry;
/** @deprecated `continuousScheduleClock` of `@udm/core`. */
export const continuousClock = continuousScheduleClock;
/** @deprecated `discreteScheduleClock` of `@udm/core`. */
export const discreteClock = discreteScheduleClock;
/** @deprecated `scheduleClocks` of `@udm/core`. */
export const maskClocks = scheduleClocks;
/** @deprecated `scheduleClockRegistry` of `@udm/core`. */
export const maskClockRegistry = scheduleClockRegistry;
