import {
  CATEGORICAL_DATA,
  ConfigError,
  contribution,
  type KeepSchedule,
  keepScheduleRegistry,
  literal,
  nonNegativeInt,
  optional,
  positiveInt,
  type ProcessDeps,
  type Registry,
  required,
  type ScheduleClock,
  scheduleClockRegistry,
  struct,
  withDefault,
} from '@udm/core';
import { ABSORBING_MASK } from './absorbing-mask.js';
import { MaskingProcess } from './masking-process.js';

/** The `masked` process contribution choosing `process.schedule` and `process.time` among the given kinds. */
export function maskedProcessWith(
  schedules: Registry<KeepSchedule, unknown>,
  clocks: Registry<ScheduleClock, unknown>,
) {
  return contribution({
    kind: 'masked',
    description: 'absorbing-state masking x_t = m_t ⊙ x0 + (1 − m_t) ⊙ [MASK] on token ids (MDLM)',
    codec: struct('masked process', {
      kind: required(literal('masked')),
      schedule: withDefault(schedules.codec(), { kind: 'log-linear' }),
      time: withDefault(clocks.codec(), { kind: 'continuous' }),
      /** The [MASK] id; default: the last id (categories − 1), where the bundled tokenizers reserve it. */
      maskId: optional(nonNegativeInt),
      /** The vocabulary size; default: the data set's `categories`. */
      categories: optional(positiveInt),
    }),
    provides: [ABSORBING_MASK],
    requires: [CATEGORICAL_DATA],
    create: (c, deps: ProcessDeps) => {
      const fromData = deps.data?.categories;
      const categories = c.categories ?? fromData;
      if (categories === undefined) {
        throw new ConfigError([
          'process.kind: "masked" needs categorical data (a data set with `categories`, e.g. "first-names" or ' +
            '"moby-dick") or an explicit process.categories',
        ]);
      }
      if (fromData !== undefined && fromData !== categories) {
        throw new ConfigError([
          `process.categories: ${categories} differs from the data set's vocabulary (${fromData} categories)`,
        ]);
      }
      if (c.maskId !== undefined && deps.data !== undefined) {
        // an explicit [MASK] id must be one the data never use: a real token would be confused with masked positions
        const at = deps.data.toArray().indexOf(c.maskId);
        if (at >= 0)
          throw new ConfigError([
            `process.maskId: ${c.maskId} is a real token of the data (first at position ${at}); masked and unmasked ` +
              `positions would be confused — use the tokenizer's [MASK] id (the default, categories − 1 = ${categories - 1})`,
          ]);
      }
      return new MaskingProcess(
        schedules.create(c.schedule, undefined),
        clocks.create(c.time, undefined),
        c.maskId ?? categories - 1,
        categories,
      );
    },
  });
}

/** `masked` with the built-in schedules and clocks (`maskedModule` binds it over the container's). */
export const maskedProcess = maskedProcessWith(keepScheduleRegistry, scheduleClockRegistry);
