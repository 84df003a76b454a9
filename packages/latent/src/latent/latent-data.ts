import * as t from 'io-ts';
import { ContainerModule } from 'inversify';
import {
  CONFIG_FILES,
  ConfigError,
  contribution,
  DECODABLE_DATA,
  literal,
  optional,
  positiveInt,
  required,
  showValue,
  struct,
  TOKENS,
  valueRange,
  withDefault,
  type ConfigFiles,
  type DatasetContribution,
  type DatasetDeps,
  type DataSplit,
  type KindConfig,
} from '@udm/core';
import { workingDirectoryFiles } from '@udm/backend-tfjs';
import { loadAutoencoder } from '../autoencoder/autoencoder-checkpoint.js';
import { encodedSplit } from './latent-decoder.js';

/**
 * A file path, kept as written: it is opened through the `ConfigFiles` the application binds (`CONFIG_FILES`), which
 * takes a user's path from the working directory and a checkpoint's path from its run directory (where `udm train`
 * copies the file).
 */
export const filePathCodec = new t.Type<string, string, unknown>(
  'a file path',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) =>
    typeof u === 'string' && u.length > 0
      ? t.success(u)
      : t.failure(u, c, `expected a file path (a non-empty string), got ${showValue(u)}`),
  (a) => a,
);

/** Any data config (an object with a string `kind`), validated later by the data registry (`DatasetDeps.dataFrom`). */
const dataConfigCodec = new t.Type<KindConfig, unknown, unknown>(
  'a data config',
  (u): u is KindConfig => typeof (u as { kind?: unknown } | null)?.kind === 'string',
  (u, c) =>
    typeof u === 'object' &&
    u !== null &&
    !Array.isArray(u) &&
    typeof (u as { kind?: unknown }).kind === 'string'
      ? t.success(u as KindConfig)
      : t.failure(
          u,
          c,
          `expected a data config (an object with a "kind", e.g. {"kind": "mnist"}), got ${showValue(u)}`,
        ),
  (a) => a,
);

const sha256Codec = new t.Type<string, string, unknown>(
  'a SHA-256 in hex',
  (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) =>
    typeof u === 'string' && /^[0-9a-f]{64}$/.test(u)
      ? t.success(u)
      : t.failure(
          u,
          c,
          `expected a SHA-256 (64 lowercase hex digits, as \`udm autoencoder\` prints), got ${showValue(u)}`,
        ),
  (a) => a,
);

/**
 * Data kind `latent`: the `source` data encoded once by a trained autoencoder (`udm autoencoder`), normalised per
 * latent coordinate (`latentSplit`); samples are decoded back to the source's space by the data's `decoder`. The
 * autoencoder file is read through `files` (the config field `data.autoencoder`).
 */
export function latentDataWith(files: ConfigFiles) {
  return contribution({
    kind: 'latent',
    description:
      'latents z = E(x) of a trained autoencoder (`udm autoencoder`) over the source data, normalised per coordinate; samples are decoded with D',
    codec: struct('latent data', {
      kind: required(literal('latent')),
      autoencoder: required(filePathCodec),
      sha256: optional(sha256Codec),
      source: required(dataConfigCodec),
      batchSize: withDefault(positiveInt, 256),
    }),
    provides: [DECODABLE_DATA],
    create: (c, deps: DatasetDeps): DataSplit => {
      if (!deps.dataFrom)
        throw new ConfigError([
          'data: the latent kind builds its source through DatasetDeps.dataFrom (use createUdm)',
        ]);
      if (c.source.kind === 'latent')
        throw new ConfigError(['data.source.kind: a latent data set cannot encode another latent one']);
      let loaded: ReturnType<typeof loadAutoencoder>;
      try {
        loaded = loadAutoencoder(c.autoencoder, { files, at: 'data.autoencoder' });
      } catch (e) {
        const message = (e as Error).message;
        throw new ConfigError([
          message.startsWith('data.autoencoder') ? message : `data.autoencoder: ${message}`,
        ]);
      }
      const ae = loaded.autoencoder;
      try {
        if (c.sha256 !== undefined && c.sha256 !== loaded.sha256)
          throw new ConfigError([
            `data.sha256: the autoencoder ${loaded.file} has SHA-256 ${loaded.sha256}, expected ${c.sha256} (the file changed since this config was written)`,
          ]);
        const pixels = deps.dataFrom(c.source, 'data.source');
        const item = pixels.train.itemShape;
        if (item.join(',') !== ae.options.itemShape.join(','))
          throw new ConfigError([
            `data.source: items of shape [${item.join(', ')}], but the autoencoder ${loaded.file} was trained on [${ae.options.itemShape.join(', ')}]`,
          ]);
        return encodedSplit(ae, pixels, valueRange(pixels.heldOut.toArray()), c.batchSize);
      } finally {
        ae.dispose();
      }
    },
  });
}

/** Data kind `latent` reading its autoencoder relative to the working directory (a config the user wrote). */
export const latentData = latentDataWith(workingDirectoryFiles());

/**
 * Registers the data kind `latent`; it reads the autoencoder through the `ConfigFiles` bound to `CONFIG_FILES`
 * (absent: from the working directory).
 */
export const latentModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Dataset).toDynamicValue((context): DatasetContribution =>
    latentDataWith(context.get(CONFIG_FILES, { optional: true }) ?? workingDirectoryFiles()),
  );
});
