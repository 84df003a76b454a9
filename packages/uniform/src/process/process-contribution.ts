import {
  CATEGORICAL_DATA,
  ConfigError,
  contribution,
  type Dataset,
  isTokenDataset,
  type KeepSchedule,
  keepScheduleRegistry,
  literal,
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
import { UNIFORM_STATE } from './uniform-state.js';
import { UniformProcess } from './uniform-process.js';

/** The tokenizer's [MASK] id when it is the data's last id (reserved for absorbing processes, never a datum). */
function reservedMask(data: Dataset | undefined): number | undefined {
  if (!isTokenDataset(data)) return undefined;
  const maskId = (data.tokenizer as { maskId?: unknown }).maskId;
  return maskId === data.categories - 1 ? maskId : undefined;
}

/**
 * A continuous clock must run τ(t) uniformly over (0, 1] at the evaluation quantiles (τ(timeAt(f)) = f): the
 * continuous-time NELBO is ∫ dτ, estimated at τ ~ U(0, 1].
 */
function checkClock(clock: ScheduleClock): void {
  if (clock.domain.kind !== 'continuous') return;
  for (const f of [0.1, 0.5, 0.9]) {
    const tau = clock.progress(clock.timeAt(f));
    if (Math.abs(tau - f) > 1e-9)
      throw new ConfigError([
        `process.time: kind "${clock.kind}" gives τ(timeAt(${f})) = ${tau}; process.kind "uniform" needs a ` +
          'continuous clock with τ(t) = t on (0, 1] (e.g. kind "continuous") or a discrete one',
      ]);
  }
}

/** The `uniform` process contribution choosing `process.schedule` and `process.time` among the given kinds. */
export function uniformProcessWith(
  schedules: Registry<KeepSchedule, unknown>,
  clocks: Registry<ScheduleClock, unknown>,
) {
  return contribution({
    kind: 'uniform',
    description:
      'uniform-state discrete diffusion q(x_t | x0) = α_t·onehot(x0) + (1 − α_t)/K on token ids (D3PM-uniform)',
    codec: struct('uniform process', {
      kind: required(literal('uniform')),
      schedule: withDefault(schedules.codec(), { kind: 'linear' }),
      time: withDefault(clocks.codec(), { kind: 'continuous' }),
      /**
       * K, the categories noise is drawn over; default: the data set's `categories`, less its tokenizer's [MASK]
       * id when that is the last id (it never occurs in data).
       */
      categories: optional(positiveInt),
    }),
    provides: [UNIFORM_STATE],
    requires: [CATEGORICAL_DATA],
    create: (c, deps: ProcessDeps) => {
      const data = deps.data;
      const fromData = data?.categories;
      const categories =
        c.categories ??
        (fromData === undefined ? undefined : fromData - (reservedMask(data) === undefined ? 0 : 1));
      if (categories === undefined) {
        throw new ConfigError([
          'process.kind: "uniform" needs categorical data (a data set with `categories`, e.g. "first-names" or ' +
            '"moby-dick") or an explicit process.categories',
        ]);
      }
      if (categories < 2)
        throw new ConfigError([`process.categories: expected an integer ≥ 2, got ${categories}`]);
      if (fromData !== undefined && categories > fromData) {
        throw new ConfigError([
          `process.categories: ${categories} exceeds the data set's vocabulary (${fromData} categories)`,
        ]);
      }
      if (data !== undefined) {
        const ids = data.toArray();
        const at = ids.findIndex((v) => !(v >= 0 && v < categories));
        if (at >= 0)
          throw new ConfigError([
            `process.categories: the data hold id ${ids[at]} (first at position ${at}), outside the ${categories} ` +
              'categories the uniform noise is drawn over',
          ]);
      }
      const clock = clocks.create(c.time, undefined);
      checkClock(clock);
      return new UniformProcess(schedules.create(c.schedule, undefined), clock, categories);
    },
  });
}

/** `uniform` with core's built-in keep schedules and clocks (`uniformModule` binds it over the container's). */
export const uniformProcess = uniformProcessWith(keepScheduleRegistry, scheduleClockRegistry);
