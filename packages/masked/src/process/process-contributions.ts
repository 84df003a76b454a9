import {
  CATEGORICAL_DATA,
  ConfigError,
  contribution,
  literal,
  nonNegativeInt,
  optional,
  positiveInt,
  required,
  struct,
  withDefault,
  type ProcessDeps,
} from '@udm/core';
import { maskScheduleRegistry } from '../schedules/schedule-contributions.js';
import { maskClockRegistry } from '../time/clock-contributions.js';
import { ABSORBING_MASK } from './absorbing-mask.js';
import { MaskingProcess } from './masking-process.js';

export const maskedProcess = contribution({
  kind: 'masked',
  description: 'absorbing-state masking x_t = m_t ⊙ x0 + (1 − m_t) ⊙ [MASK] on token ids (MDLM)',
  codec: struct('masked process', {
    kind: required(literal('masked')),
    schedule: withDefault(maskScheduleRegistry.codec(), { kind: 'log-linear' }),
    time: withDefault(maskClockRegistry.codec(), { kind: 'continuous' }),
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
      maskScheduleRegistry.create(c.schedule, undefined),
      maskClockRegistry.create(c.time, undefined),
      c.maskId ?? categories - 1,
      categories,
    );
  },
});
