import { loadSafetensorsFile, saveSafetensorsFile } from '@udm/backend-tfjs';
import type { TrainingState } from '@udm/core';
import {
  CHECKPOINT_FORMAT,
  decodeCheckpoint,
  type CheckpointMeta,
  type LoadedCheckpoint,
} from './decode-checkpoint.js';
import { checkpointContents } from './encode-checkpoint.js';

export { CHECKPOINT_FORMAT };
export type { CheckpointMeta, LoadedCheckpoint };

/**
 * Writes a training state as one safetensors file (atomically), laid out by `checkpointContents`: θ, the EMA, the
 * optimizer's slots, the objective's state, the resolved config and the step / RNG / EMA counters. Readable by Python's
 * `safetensors`.
 */
export async function saveCheckpoint(path: string, state: TrainingState, config: unknown): Promise<void> {
  const { tensors, metadata } = await checkpointContents(state, config);
  await saveSafetensorsFile(path, tensors, metadata);
}

/**
 * Reads a checkpoint file written by `saveCheckpoint`, treating it as untrusted: the safetensors layout and checksum
 * are verified by the decoder, the rest by `decodeCheckpoint`; only a regular file is read (`followSymlinks: false`
 * also refuses a link). The caller disposes the tensors with `dispose()`.
 */
export async function loadCheckpoint(
  path: string,
  options: { readonly followSymlinks?: boolean } = {},
): Promise<LoadedCheckpoint> {
  return decodeCheckpoint(await loadSafetensorsFile(path, options), path);
}
