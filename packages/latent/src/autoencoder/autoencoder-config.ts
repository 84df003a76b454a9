import type { ContainerModule } from 'inversify';
import {
  arrayOf,
  booleanCodec,
  ConfigError,
  createContainer,
  nonNegativeInt,
  numberIn,
  positiveInt,
  registriesOf,
  required,
  struct,
  withDefault,
  decodeOrThrow,
  type KindConfig,
} from '@udm/core';

/** The fields of the architecture of `Autoencoder` (`@udm/nets`) without the item shape, which the data give. */
export const autoencoderArchitectureFields = {
  channels: required(arrayOf(positiveInt, 3)),
  latent: required(positiveInt),
  groups: withDefault(positiveInt, 8),
  variational: withDefault(booleanCodec, false),
  spatialLatent: withDefault(booleanCodec, false),
};

/** The fields of the options of `trainAutoencoder` (`@udm/nets`) without the RNG. */
export const autoencoderTrainingFields = {
  steps: required(positiveInt),
  batchSize: withDefault(positiveInt, 64),
  learningRate: withDefault(numberIn(0, Infinity, { lo: true }), 0.002),
  latentNoise: withDefault(numberIn(0, Infinity), 0),
  latentPenalty: withDefault(numberIn(0, Infinity), 0),
  klWeight: withDefault(numberIn(0, Infinity), 0),
};

export const autoencoderArchitectureCodec = struct('autoencoder', autoencoderArchitectureFields);
export const autoencoderTrainingCodec = struct('autoencoder training', autoencoderTrainingFields);

export interface AutoencoderArchitecture {
  readonly channels: readonly [number, number, number];
  readonly latent: number;
  readonly groups: number;
  readonly variational: boolean;
  readonly spatialLatent: boolean;
}

export interface AutoencoderTraining {
  readonly steps: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly latentNoise: number;
  readonly latentPenalty: number;
  readonly klWeight: number;
}

/** The config of `udm autoencoder`: the data (any registered kind), the architecture and its training. */
export interface AutoencoderRunConfig {
  readonly seed: number;
  readonly data: KindConfig;
  readonly autoencoder: AutoencoderArchitecture;
  readonly train: AutoencoderTraining;
}

/** The codec of `udm autoencoder`'s config for the data kinds the modules register. */
export function autoencoderRunCodec(modules: readonly ContainerModule[]) {
  return struct('autoencoder run config', {
    seed: withDefault(nonNegativeInt, 0),
    data: required(registriesOf(createContainer(modules)).datasets.codec()),
    autoencoder: required(autoencoderArchitectureCodec),
    train: required(autoencoderTrainingCodec),
  });
}

/** The checks io-ts cannot express field by field: exactly three channel counts, β > 0 only for a VAE. */
export function checkAutoencoderSections(
  autoencoder: { readonly channels: readonly number[]; readonly variational: boolean },
  train: { readonly klWeight: number },
  at: { readonly autoencoder: string; readonly train: string },
): void {
  const errors: string[] = [];
  if (autoencoder.channels.length !== 3)
    errors.push(
      `${at.autoencoder}.channels: expected exactly three channel counts (stem, after each downsampling), got ${autoencoder.channels.length}`,
    );
  if (train.klWeight > 0 && !autoencoder.variational)
    errors.push(
      `${at.train}.klWeight: a KL term needs a variational encoder (set ${at.autoencoder}.variational: true)`,
    );
  if (errors.length > 0) throw new ConfigError(errors);
}

/** Validates a raw `udm autoencoder` config (ConfigError naming every bad field); defaults applied. */
export function decodeAutoencoderRunConfig(
  raw: unknown,
  modules: readonly ContainerModule[],
): AutoencoderRunConfig {
  const c = decodeOrThrow(autoencoderRunCodec(modules), raw);
  checkAutoencoderSections(c.autoencoder, c.train, { autoencoder: 'autoencoder', train: 'train' });
  const [c0, c1, c2] = c.autoencoder.channels as [number, number, number];
  return { ...c, autoencoder: { ...c.autoencoder, channels: [c0, c1, c2] } };
}
