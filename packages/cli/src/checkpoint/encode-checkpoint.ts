import type * as tf from '@tensorflow/tfjs';
import {
  activeBackendName,
  encodeSafetensorsPortable,
  tensorsToSafetensors,
  type SafetensorsTensor,
} from '@udm/backend-tfjs/browser';
import type { TrainingState } from '@udm/core';
import {
  CHECKPOINT_FORMAT,
  EMA,
  OBJECTIVE,
  OPTIMIZER,
  PARAMS,
  type CheckpointMeta,
} from './decode-checkpoint.js';

/** A checkpoint's tensors (read back to the host) and its safetensors metadata, ready to be encoded. */
export interface CheckpointContents {
  readonly tensors: Record<string, SafetensorsTensor>;
  readonly metadata: Record<string, string>;
}

/**
 * A slot's name by parameter (`layers.0.weight/m`) instead of tfjs's variable id (`17/m`), so readers outside this
 * process (Python) can tell which parameter a slot belongs to; other names (`iter`) are kept.
 */
function slotName(tfName: string, paramOf: ReadonlyMap<string, string>): string {
  const cut = tfName.lastIndexOf('/');
  const param = cut > 0 ? paramOf.get(tfName.slice(0, cut)) : undefined;
  return param === undefined ? tfName : `${param}${tfName.slice(cut)}`;
}

/**
 * What a checkpoint holds: θ as `params.<name>`, the EMA as `ema.<name>`, the optimizer's slots as
 * `optimizer.<NNNN>` (by position: their tfjs names depend on variable ids, which differ per process), the training
 * objective's tensors as `objective.<name>`, the resolved config (`udm.config`) and the step / RNG / EMA counters /
 * backend / the objective's JSON state (`udm.state`) in the metadata.
 */
export async function checkpointContents(state: TrainingState, config: unknown): Promise<CheckpointContents> {
  const paramOf = new Map([...state.params].map(([name, v]) => [v.name, name]));
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, v] of state.params) tensors[PARAMS + name] = v;
  for (const [name, v] of state.ema ?? []) tensors[EMA + name] = v;
  for (const [name, v] of state.objective?.tensors ?? []) tensors[OBJECTIVE + name] = v;
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
  return {
    tensors: await tensorsToSafetensors(tensors),
    metadata: {
      'udm.format': CHECKPOINT_FORMAT,
      'udm.config': JSON.stringify(config),
      'udm.state': JSON.stringify(meta),
    },
  };
}

/**
 * A training state as the bytes of a checkpoint file, the same layout `udm train` writes (with the `udm.sha256`
 * checksums, hashed in plain JavaScript): what a page offers for download, and what `udm sample` reads.
 */
export async function encodeCheckpoint(state: TrainingState, config: unknown): Promise<Uint8Array> {
  const { tensors, metadata } = await checkpointContents(state, config);
  return encodeSafetensorsPortable(tensors, metadata, { checksum: true });
}
