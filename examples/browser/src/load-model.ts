import { decodeSafetensorsPortable } from '@udm/backend-tfjs/browser';
import { createFromCheckpoint, decodeCheckpoint, restoreCheckpoint } from '@udm/cli/browser';
import type { Udm } from '@udm/core';
import { toyDataModule } from '@udm/data/browser';
import { gaussianModule } from '@udm/gaussian';
import { netsModule } from '@udm/nets';

/** The plugins the demo's checkpoint needs: Gaussian processes and steps, the networks, the toy data sets. */
export const BROWSER_MODULES = [gaussianModule, netsModule, toyDataModule];

/**
 * Builds the model a checkpoint describes from its bytes (safetensors as written by `udm train`): the checksum and
 * layout are verified, the config is validated against `BROWSER_MODULES`, the weights are restored, and the EMA
 * weights are used when the config samples with them. `name` labels errors. The caller disposes the model.
 */
export async function modelFromCheckpointBytes(bytes: Uint8Array, name: string): Promise<Udm> {
  const loaded = decodeCheckpoint(decodeSafetensorsPortable(bytes), name);
  try {
    const udm = createFromCheckpoint(loaded.config, BROWSER_MODULES, name);
    try {
      await restoreCheckpoint(udm, loaded, name);
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

/** Fetches a checkpoint and builds its model (see `modelFromCheckpointBytes`). */
export async function fetchModel(url: string): Promise<Udm> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`checkpoint ${url}: HTTP ${response.status} ${response.statusText}`);
  return modelFromCheckpointBytes(new Uint8Array(await response.arrayBuffer()), url);
}
