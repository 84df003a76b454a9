import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { CONFIG_MIGRATION, migrateConfig, migrationsOf, type ConfigMigration } from './config-migration.js';
import { definePlugin } from './plugin.js';
import { createContainer } from './registries.js';

/** `old: n` is the deprecated spelling of `fresh: n`. */
const renameOld: ConfigMigration = {
  fields: ['old'],
  migrate(raw) {
    if (raw['old'] === undefined) return undefined;
    const { old, ...rest } = raw;
    if (rest['fresh'] !== undefined && rest['fresh'] !== old)
      throw new ConfigError([`old and fresh disagree: ${String(old)} vs ${String(rest['fresh'])}`]);
    return { config: { ...rest, fresh: old }, warning: 'old: deprecated; write fresh' };
  },
};

describe('config migrations (deprecated spellings)', () => {
  it('translate a raw config before validation, with one warning each; the input is left as it was', () => {
    const warnings: string[] = [];
    const raw = { old: 3, other: true };
    expect(migrateConfig(raw, [renameOld], (m) => warnings.push(m))).toEqual({ fresh: 3, other: true });
    expect(raw).toEqual({ old: 3, other: true });
    expect(warnings).toEqual(['old: deprecated; write fresh']);
    expect(migrateConfig({ fresh: 1 }, [renameOld], (m) => warnings.push(m))).toEqual({ fresh: 1 });
    expect(migrateConfig('not a config', [renameOld])).toBe('not a config');
    expect(warnings).toHaveLength(1);
    expect(() => migrateConfig({ old: 1, fresh: 2 }, [renameOld])).toThrow(/old and fresh disagree/);
  });

  it('are collected from a container, single bindings and contributeFrom lists alike', () => {
    const other: ConfigMigration = { fields: ['x'], migrate: () => undefined };
    const container = createContainer([
      definePlugin(({ contribute }) => contribute(CONFIG_MIGRATION, renameOld)),
      definePlugin(({ contributeFrom }) => contributeFrom(CONFIG_MIGRATION, () => [other])),
    ]);
    expect(migrationsOf(container)).toEqual([renameOld, other]);
    expect(migrationsOf(createContainer([]))).toEqual([]);
  });
});
