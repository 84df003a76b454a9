import { readFileSync } from 'node:fs';
import {
  autoencoderArchitectureFields,
  autoencoderTrainingFields,
  checkAutoencoderSections,
  type AutoencoderArchitecture,
  type AutoencoderTraining,
} from '@udm/latent';
import {
  ConfigError,
  decodeOrThrow,
  finiteNumber,
  literal,
  nonNegativeInt,
  positiveInt,
  required,
  struct,
  showValue,
  withDefault,
} from '@udm/core';

/** The example's config: the pixel data, the autoencoder and its training, and the latent diffusion model. */
export const latentExampleCodec = struct('mnist-latent config', {
  seed: withDefault(nonNegativeInt, 0),
  data: required(
    struct('mnist data', {
      kind: required(literal('mnist')),
      train: withDefault(positiveInt, 9000),
      heldOut: withDefault(positiveInt, 1000),
      low: withDefault(finiteNumber, -1),
      high: withDefault(finiteNumber, 1),
    }),
  ),
  autoencoder: required(
    struct('autoencoder', {
      ...autoencoderArchitectureFields,
      ...autoencoderTrainingFields,
    }),
  ),
});

export interface LatentExampleConfig {
  readonly seed: number;
  readonly data: {
    readonly train: number;
    readonly heldOut: number;
    readonly low: number;
    readonly high: number;
  };
  readonly autoencoder: AutoencoderArchitecture & AutoencoderTraining;
  /**
   * A UDM config without `seed` and `data` (process, network, posterior, train, sample): the example adds the
   * seed and `data: { kind: 'latent', autoencoder, source: mnist }` (the trained autoencoder saved in the run
   * directory), and `createUdm` validates it.
   */
  readonly diffusion: Record<string, unknown>;
}

export function defaultConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../config.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

export function decodeLatentConfig(raw: unknown): LatentExampleConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError([`config: expected an object, got ${showValue(raw)}`]);
  const { diffusion, ...rest } = raw as Record<string, unknown>;
  if (typeof diffusion !== 'object' || diffusion === null || Array.isArray(diffusion))
    throw new ConfigError([
      `diffusion: expected a UDM config without seed and data (an object), got ${showValue(diffusion)}`,
    ]);
  for (const key of ['seed', 'data'])
    if (key in diffusion)
      throw new ConfigError([
        `diffusion.${key}: set by the example (use the top-level ${key}), remove it here`,
      ]);
  const decoded = decodeOrThrow(latentExampleCodec, rest);
  checkAutoencoderSections(decoded.autoencoder, decoded.autoencoder, {
    autoencoder: 'autoencoder',
    train: 'autoencoder',
  });
  const [c0, c1, c2] = decoded.autoencoder.channels as [number, number, number];
  return {
    ...decoded,
    autoencoder: { ...decoded.autoencoder, channels: [c0, c1, c2] },
    diffusion: diffusion as Record<string, unknown>,
  };
}
