import type { Container, ContainerModule } from 'inversify';
import { decodeOrThrow } from '../config/decode.js';
import { migrateConfig, migrationsOf, type ConfigWarn } from './config-migration.js';
import { createContainer, registriesOf, type Registries } from './registries.js';
import { Udm } from './udm.js';
import { udmConfigCodec, type UdmConfig } from './udm-config.js';

/** The config codec for the kinds registered by `registries`. */
export function configCodecOf(registries: Registries) {
  return udmConfigCodec({
    data: registries.datasets.codec(),
    process: registries.processes.codec(),
    network: registries.networks.codec(),
    posterior: registries.posteriors.codec(),
    step: registries.steps.codec(),
    sampler: registries.samplers.codec(),
    guidance: registries.guidances.codec(),
    grid: registries.grids.codec(),
    optimizer: registries.optimizers.codec(),
    objective: registries.objectives.codec(),
  });
}

/** How a raw config is resolved. */
export interface ResolveOptions {
  /** Where the warning of a config in a deprecated spelling goes (default `console.warn`). */
  readonly warn?: ConfigWarn;
}

/** The deprecated spellings translated (`CONFIG_MIGRATION`), then validated against `registries`. */
function decodeIn(
  container: Container,
  registries: Registries,
  raw: unknown,
  options: ResolveOptions,
): UdmConfig {
  return decodeOrThrow(configCodecOf(registries), migrateConfig(raw, migrationsOf(container), options.warn));
}

/**
 * Validates a raw (JSON) config against the kinds the modules register; returns it with defaults applied. A config
 * in a deprecated spelling (a bound `CONFIG_MIGRATION`) is translated first, with one warning each.
 */
export function resolveConfig(
  raw: unknown,
  modules: readonly ContainerModule[],
  options: ResolveOptions = {},
): UdmConfig {
  const container = createContainer(modules);
  return decodeIn(container, registriesOf(container), raw, options);
}

/**
 * The composition root: loads core's module and the plugin modules into an inversify container, translates a
 * deprecated spelling (`CONFIG_MIGRATION`, with a warning), validates the config against the registered kinds
 * (ConfigError with path-named messages otherwise), and builds the model.
 */
export function createUdm(
  raw: unknown,
  modules: readonly ContainerModule[],
  options: ResolveOptions = {},
): Udm {
  const container = createContainer(modules);
  const registries = registriesOf(container);
  return new Udm(decodeIn(container, registries, raw, options), registries, container);
}
