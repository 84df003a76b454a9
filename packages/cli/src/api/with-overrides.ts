import { applyConfigSets, type ConfigSet } from './config-set.js';

/** The config fields an example or script commonly overrides from its command line. */
export interface ConfigOverrides {
  /** `train.steps`: optimizer steps. */
  readonly steps?: number | undefined;
  /** `posterior.objective.kind` (a masked posterior's objective: "nelbo" or "cross-entropy"). */
  readonly objective?: string | undefined;
  /** Any field by its path, as `udm … --set train.steps=500` gives them (applied last, in order). */
  readonly set?: readonly (ConfigSet | string)[] | undefined;
}

function section(config: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = config[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`config.${key}: expected an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

/**
 * A copy of a raw config (before validation) with the given overrides merged in: `steps` replaces `train.steps`,
 * `objective` replaces `posterior.objective` by `{ kind: objective }`; an undefined override leaves its field as it
 * is; then each `set` override (`key.path=value`) in order. The input is not changed; the result is validated by
 * `trainRun` like any config.
 */
export function withOverrides(config: unknown, overrides: ConfigOverrides): Record<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new TypeError(`config: expected an object, got ${JSON.stringify(config)}`);
  const base = config as Record<string, unknown>;
  const { steps, objective, set } = overrides;
  const out = {
    ...base,
    ...(steps === undefined ? {} : { train: { ...section(base, 'train'), steps } }),
    ...(objective === undefined
      ? {}
      : { posterior: { ...section(base, 'posterior'), objective: { kind: objective } } }),
  };
  return set && set.length > 0 ? applyConfigSets(out, set) : out;
}
