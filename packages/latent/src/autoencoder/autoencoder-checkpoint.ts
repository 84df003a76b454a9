import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  CHECKSUM_METADATA_KEY,
  decodeSafetensors,
  workingDirectoryFiles,
  saveSafetensorsFile,
  safetensorsToTensors,
  tensorsToSafetensors,
} from '@udm/backend-tfjs';
import {
  arrayOf,
  booleanCodec,
  decodeOrThrow,
  positiveInt,
  required,
  SeededRng,
  struct,
  withDefault,
  type ConfigFiles,
} from '@udm/core';
import { Autoencoder, type AutoencoderOptions } from './autoencoder.js';

/** Metadata `udm.format` of an autoencoder checkpoint. */
export const AUTOENCODER_FORMAT = 'udm-autoencoder/1';

/** The autoencoder checkpoint of a `udm autoencoder` run directory. */
export const AUTOENCODER_FILE = 'autoencoder.safetensors';

const optionsCodec = struct('autoencoder options', {
  itemShape: required(arrayOf(positiveInt, 3)),
  channels: required(arrayOf(positiveInt, 3)),
  latent: required(positiveInt),
  groups: required(positiveInt),
  variational: withDefault(booleanCodec, false),
  spatialLatent: withDefault(booleanCodec, false),
});

/** What `saveAutoencoder` records next to the weights. */
export interface AutoencoderRecord {
  /** The resolved `udm autoencoder` config that trained it. */
  readonly config: unknown;
  /** Reconstruction MSE per value on the held-out data. */
  readonly heldOutMse: number;
}

/** An autoencoder read back from its checkpoint; the caller disposes `autoencoder`. */
export interface LoadedAutoencoder extends AutoencoderRecord {
  readonly autoencoder: Autoencoder;
  readonly file: string;
  /** SHA-256 (hex) of the checkpoint's data section, as recorded in metadata `udm.sha256` and verified on load. */
  readonly sha256: string;
}

/** The checkpoint file a path names: the file itself, or `autoencoder.safetensors` in a run directory. */
export function autoencoderFile(path: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, AUTOENCODER_FILE) : path;
}

/**
 * Writes an autoencoder atomically as safetensors: the weights under their names (`encoder.*`, `decoder.*`), its
 * options (`udm.autoencoder`), the config that trained it (`udm.config`), the held-out MSE and the data checksum.
 */
export async function saveAutoencoder(
  path: string,
  ae: Autoencoder,
  record: AutoencoderRecord,
): Promise<void> {
  const tensors = Object.fromEntries(ae.variables);
  await saveSafetensorsFile(path, await tensorsToSafetensors(tensors), {
    'udm.format': AUTOENCODER_FORMAT,
    'udm.autoencoder': JSON.stringify(ae.options),
    'udm.config': JSON.stringify(record.config),
    'udm.heldOutMse': String(record.heldOutMse),
  });
}

function parseJson(text: string | undefined, what: string): unknown {
  if (text === undefined) throw new Error(`missing metadata ${what}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`metadata ${what} is not valid JSON`);
  }
}

/** Where `loadAutoencoder` reads from. */
export interface LoadAutoencoderOptions {
  /** How the path is opened (default `workingDirectoryFiles()`: trusted, relative to the working directory). */
  readonly files?: ConfigFiles;
  /** The config field that named the path, for errors (default `autoencoder`). */
  readonly at?: string;
}

/**
 * Reads an autoencoder checkpoint (or the run directory holding one), synchronously, treating it as untrusted:
 * the path is opened through `files` (a checkpoint's config may name only files in its run directory), the safetensors
 * layout and checksum are verified, the options validated, and every weight must be present with the shape the
 * options give (errors name the file and the tensor).
 */
export function loadAutoencoder(path: string, options: LoadAutoencoderOptions = {}): LoadedAutoencoder {
  // a path from a config (maybe a checkpoint's): a regular file only, never a device, pipe or directory
  const read = (options.files ?? workingDirectoryFiles()).read(path, options.at ?? 'autoencoder', {
    entry: AUTOENCODER_FILE,
    what: 'autoencoder checkpoint',
  });
  return decodeAutoencoder(read.bytes, read.path);
}

/** An autoencoder from the bytes of its checkpoint (`file` names it in errors); the caller disposes `autoencoder`. */
export function decodeAutoencoder(bytes: Uint8Array, file: string): LoadedAutoencoder {
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why}`);
  };
  let decoded: ReturnType<typeof decodeSafetensors>;
  try {
    decoded = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    return fail((e as Error).message);
  }
  const meta = decoded.metadata;
  if (meta['udm.format'] !== AUTOENCODER_FORMAT)
    fail(
      `not an autoencoder checkpoint (metadata udm.format is ${JSON.stringify(meta['udm.format'])}, expected "${AUTOENCODER_FORMAT}")`,
    );
  const sha256 = meta[CHECKSUM_METADATA_KEY] ?? fail(`missing metadata ${CHECKSUM_METADATA_KEY}`);
  let options: AutoencoderOptions;
  let config: unknown;
  try {
    const o = decodeOrThrow(
      optionsCodec,
      parseJson(meta['udm.autoencoder'], 'udm.autoencoder'),
      'udm.autoencoder',
    );
    options = { ...o, channels: [o.channels[0]!, o.channels[1]!, o.channels[2]!] };
    config = parseJson(meta['udm.config'], 'udm.config');
  } catch (e) {
    return fail((e as Error).message);
  }
  const heldOutMse = Number(meta['udm.heldOutMse']);
  const ae = new Autoencoder(options, new SeededRng(0));
  const tensors = safetensorsToTensors(decoded.tensors);
  try {
    const names = new Set(Object.keys(tensors));
    for (const [name, v] of ae.variables) {
      const t = tensors[name];
      if (!t) fail(`missing tensor ${name}`);
      if (t!.shape.join(',') !== v.shape.join(','))
        fail(`tensor ${name} has shape [${t!.shape.join(', ')}], expected [${v.shape.join(', ')}]`);
      v.assign(t!);
      names.delete(name);
    }
    if (names.size > 0) fail(`unexpected tensors ${[...names].join(', ')}`);
  } catch (e) {
    ae.dispose();
    throw e;
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return { autoencoder: ae, file, sha256, config, heldOutMse };
}
