import { decodeSafetensorsPortable } from '@udm/backend-tfjs/browser';
import { createFromCheckpoint, decodeCheckpoint, restoreCheckpoint } from '@udm/cli/browser';
import { ConfigError, createUdm, type Udm } from '@udm/core';
import { toyDataModule } from '@udm/data/browser';
import { gaussianModule } from '@udm/gaussian';
import { netsModule } from '@udm/nets';

/** The plugins the pages build models from: Gaussian processes and steps, the networks, the toy data sets. */
export const BROWSER_MODULES = [gaussianModule, netsModule, toyDataModule];

/** A file the user chose (or the page fetched): its name labels every error about it. */
export interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * A `config.json` as the model's config: JSON parsed, then validated by the same io-ts codecs as `udm train` and
 * `udm sample` (against `BROWSER_MODULES`); errors name the file and the field.
 */
export function modelFromConfigText(text: string, name: string): Udm {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return createUdm(raw, BROWSER_MODULES);
  } catch (e) {
    if (e instanceof ConfigError) throw new Error(`${name}: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * Builds a run's model from its files, as `udm sample` does: the checkpoint's checksum and layout are verified, the
 * model is built from `config` when given (a run's `config.json`, validated by the config codecs) or else from the
 * config stored in the checkpoint, the weights are restored (each checked against the network: names, shapes), and
 * the EMA weights are used when the config samples with them. The caller disposes the model.
 */
export async function modelFromRunFiles(
  checkpoint: NamedBytes,
  config?: { readonly name: string; readonly text: string },
): Promise<Udm> {
  let decoded;
  try {
    decoded = decodeSafetensorsPortable(checkpoint.bytes);
  } catch (e) {
    throw new Error(`${checkpoint.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const loaded = decodeCheckpoint(decoded, checkpoint.name);
  try {
    const udm = config
      ? modelFromConfigText(config.text, config.name)
      : createFromCheckpoint(loaded.config, BROWSER_MODULES, checkpoint.name);
    try {
      await restoreCheckpoint(udm, loaded, checkpoint.name, { optimizer: false });
    } catch (e) {
      udm.dispose();
      throw e;
    }
    if (udm.config.sample.useEma) udm.useEmaWeights();
    return udm;
  } finally {
    loaded.dispose();
  }
}

/** Builds the model a checkpoint's bytes describe, with the config stored in it (see `modelFromRunFiles`). */
export function modelFromCheckpointBytes(bytes: Uint8Array, name: string): Promise<Udm> {
  return modelFromRunFiles({ name, bytes });
}

/** Fetches a checkpoint and builds its model (see `modelFromRunFiles`). */
export async function fetchModel(url: string): Promise<Udm> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`checkpoint ${url}: HTTP ${response.status} ${response.statusText}`);
  return modelFromCheckpointBytes(new Uint8Array(await response.arrayBuffer()), url);
}
