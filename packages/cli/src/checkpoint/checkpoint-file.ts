import type * as tf from '@tensorflow/tfjs';
import {
  activeBackendName,
  loadSafetensorsFile,
  saveSafetensorsFile,
  tensorsToSafetensors,
} from '@udm/backend-tfjs';
import type { TrainingState } from '@udm/core';
import {
  CHECKPOINT_FORMAT,
  decodeCheckpoint,
  EMA,
  OBJECTIVE,
  OPTIMIZER,
  PARAMS,
  type CheckpointMeta,
  type LoadedCheckpoint,
} from './decode-checkpoint.js';

export { CHECKPOINT_FORMAT };
export type { CheckpointMeta, LoadedCheckpoint };

/**
 * Writes a training state as one safetensors file (atomically): θ as `params.<name>`, the EMA as
 * `ema.<name>`, the optimizer's slots as `optimizer.<name>`, the training objective's tensors as
 * `objective.<name>`, the resolved config (`udm.config`) and the step / RNG / EMA counters and the objective's
 * JSON state (`udm.state`) in the metadata. Readable by Python's `safetensors`.
 */
/**
 * A slot's name by parameter (`layers.0.weight/m`) instead of tfjs's variable id (`17/m`), so readers outside this
 * process (Python) can tell which parameter a slot belongs to; other names (`iter`) are kept.
 */
function slotName(tfName: string, paramOf: ReadonlyMap<string, string>): string {
  const cut = tfName.lastIndexOf('/');
  const param = cut > 0 ? paramOf.get(tfName.slice(0, cut)) : undefined;
  return param === undefined ? tfName : `${param}${tfName.slice(cut)}`;
}

export async function saveCheckpoint(path: string, state: TrainingState, config: unknown): Promise<void> {
  const paramOf = new Map([...state.params].map(([name, v]) => [v.name, name]));
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, v] of state.params) tensors[PARAMS + name] = v;
  for (const [name, v] of state.ema ?? []) tensors[EMA + name] = v;
  for (const [name, v] of state.objective?.tensors ?? []) tensors[OBJECTIVE + name] = v;
  // Optimizer slots are stored by position (their tfjs names depend on variable ids, which differ per process).
  state.optimizer.forEach(({ tensor }, i) => {
    tensors[OPTIMIZER + String(i).padStart(4, '0')] = tensor;
  });
  const meta: CheckpointMeta = {
    step: state.step,
    loss: state.loss,
    rng: state.rng,
    ...(state.emaUpdates !== undefined ? { emaUpdates: state.emaUpdates } : {}),
    optimizerSlots: state.optimizer.map((o) => slotName(o.name, paramOf)),
    ...(state.objective?.json !== undefined ? { objective: state.objective.json } : {}),
    backend: activeBackendName(),
  };
  await saveSafetensorsFile(path, await tensorsToSafetensors(tensors), {
    'udm.format': CHECKPOINT_FORMAT,
    'udm.config': JSON.stringify(config),
    'udm.state': JSON.stringify(meta),
  });
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
