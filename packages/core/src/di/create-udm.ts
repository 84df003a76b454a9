import type { ContainerModule } from 'inversify';
import { decodeOrThrow } from '../config/decode.js';
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

/** Validates a raw (JSON) config against the kinds the modules register; returns it with defaults applied. */
export function resolveConfig(raw: unknown, modules: readonly ContainerModule[]): UdmConfig {
  return decodeOrThrow(configCodecOf(registriesOf(createContainer(modules))), raw);
}

/**
 * The composition root: loads core's module and the plugin modules into an inversify container, validates the
 * config against the registered kinds (ConfigError with path-named messages otherwise), and builds the model.
 */
export function createUdm(raw: unknown, modules: readonly ContainerModule[]): Udm {
  const container = createContainer(modules);
  const registries = registriesOf(container);
  const config = decodeOrThrow(configCodecOf(registries), raw);
  return new Udm(config, registries, container);
}
