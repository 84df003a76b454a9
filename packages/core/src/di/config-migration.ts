import type { Container, ServiceIdentifier } from 'inversify';

/** A raw (JSON) config object, as read from a file, before validation. */
export type RawConfig = Readonly<Record<string, unknown>>;

/** What a migration made of a config in an older spelling. */
export interface MigratedConfig {
  /** The same config in the current spelling (a new object; the input is left as it was). */
  readonly config: RawConfig;
  /** One message naming the old fields and their new spelling. */
  readonly warning: string;
}

/**
 * A deprecated spelling and its translation: run on the raw config before it is validated, so that a config written
 * for an older version keeps working (same numbers) and says once how to write it now. `migrate` returns undefined
 * when the config does not use the old spelling, and throws a ConfigError naming both fields when it gives the old
 * and the new spelling and they disagree. A plugin multi-binds its own to `CONFIG_MIGRATION` (or a list of them).
 */
export interface ConfigMigration {
  /** The old fields it translates (e.g. `posterior.weighting`), for messages. */
  readonly fields: readonly string[];
  migrate(raw: RawConfig): MigratedConfig | undefined;
}

/** The multi-bound token of the config migrations. */
export const CONFIG_MIGRATION = Symbol.for('udm.ConfigMigration') as ServiceIdentifier<ConfigMigration>;

/** Where a migration's warning goes (default `console.warn`). */
export type ConfigWarn = (message: string) => void;

/** The migrations bound in a container (bound lists flattened). */
export function migrationsOf(container: Container): ConfigMigration[] {
  // A `contributeFrom` binding provides a list: flattened, as the registries do.
  return (
    container.getAll(CONFIG_MIGRATION, { optional: true }) as ReadonlyArray<unknown>
  ).flat() as ConfigMigration[];
}

const isObject = (v: unknown): v is RawConfig => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Applies every migration in turn to a raw config; each one that applies reports its warning through `warn`.
 * A value that is not an object is returned as it is (validation reports it).
 */
export function migrateConfig(
  raw: unknown,
  migrations: readonly ConfigMigration[],
  warn: ConfigWarn = (message) => console.warn(message),
): unknown {
  if (!isObject(raw)) return raw;
  let config = raw;
  for (const m of migrations) {
    const done = m.migrate(config);
    if (!done) continue;
    warn(done.warning);
    config = done.config;
  }
  return config;
}
