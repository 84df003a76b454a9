import * as tf from '@tensorflow/tfjs';
import {
  loadSafetensorsFile,
  safetensorsToTensors,
  saveSafetensorsFile,
  tensorsToSafetensors,
} from '@udm/backend-tfjs';
import type { NamedTensor, RngState, TrainingSnapshot, TrainingState } from '@udm/core';

/** File format version written in the metadata. */
export const CHECKPOINT_FORMAT = '1';

const PARAMS = 'params.';
const EMA = 'ema.';
const OPTIMIZER = 'optimizer.';

/** Host-side state stored in the checkpoint's metadata (`udm.state`). */
export interface CheckpointMeta {
  readonly step: number;
  readonly loss: number;
  readonly rng: RngState;
  readonly emaUpdates?: number;
  /** The optimizer's slot names, in the order `setWeights` expects. */
  readonly optimizerSlots?: readonly string[];
  readonly backend: string;
}

/**
 * Writes a training state as one safetensors file (atomically): θ as `params.<name>`, the EMA as
 * `ema.<name>`, the optimizer's slots as `optimizer.<name>`, the resolved config (`udm.config`) and the
 * step / RNG / EMA counters (`udm.state`) in the metadata. Readable by Python's `safetensors`.
 */
export async function saveCheckpoint(path: string, state: TrainingState, config: unknown): Promise<void> {
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, v] of state.params) tensors[PARAMS + name] = v;
  for (const [name, v] of state.ema ?? []) tensors[EMA + name] = v;
  // Optimizer slots are stored by position (their tfjs names depend on variable ids, which differ per process).
  state.optimizer.forEach(({ tensor }, i) => {
    tensors[OPTIMIZER + String(i).padStart(4, '0')] = tensor;
  });
  const meta: CheckpointMeta = {
    step: state.step,
    loss: state.loss,
    rng: state.rng,
    ...(state.emaUpdates !== undefined ? { emaUpdates: state.emaUpdates } : {}),
    optimizerSlots: state.optimizer.map((o) => o.name),
    backend: tf.getBackend(),
  };
  await saveSafetensorsFile(path, await tensorsToSafetensors(tensors), {
    'udm.format': CHECKPOINT_FORMAT,
    'udm.config': JSON.stringify(config),
    'udm.state': JSON.stringify(meta),
  });
}

export interface LoadedCheckpoint {
  /** The resolved config the run was trained with. */
  readonly config: unknown;
  readonly meta: CheckpointMeta;
  readonly snapshot: TrainingSnapshot;
  dispose(): void;
}

function parseJson(text: string | undefined, what: string, path: string): unknown {
  if (text === undefined) throw new Error(`${path}: not a UDM checkpoint (metadata "${what}" is missing)`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${path}: metadata "${what}" is not valid JSON`);
  }
}

/** Reads a checkpoint written by `saveCheckpoint`. The caller disposes the tensors with `dispose()`. */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const decoded = await loadSafetensorsFile(path);
  const metadata = decoded.metadata;
  const tensors = safetensorsToTensors(decoded.tensors);
  const format = metadata['udm.format'];
  if (format !== CHECKPOINT_FORMAT) {
    tf.dispose(Object.values(tensors));
    throw new Error(
      `${path}: unsupported checkpoint format ${JSON.stringify(format)} (expected "${CHECKPOINT_FORMAT}")`,
    );
  }
  const config = parseJson(metadata['udm.config'], 'udm.config', path);
  const meta = parseJson(metadata['udm.state'], 'udm.state', path) as CheckpointMeta;
  const params = new Map<string, tf.Tensor>();
  const ema = new Map<string, tf.Tensor>();
  const optimizer: NamedTensor[] = [];
  for (const [name, tensor] of Object.entries(tensors)) {
    if (name.startsWith(PARAMS)) params.set(name.slice(PARAMS.length), tensor);
    else if (name.startsWith(EMA)) ema.set(name.slice(EMA.length), tensor);
    else if (name.startsWith(OPTIMIZER)) optimizer.push({ name: name.slice(OPTIMIZER.length), tensor });
  }
  optimizer.sort((a, b) => a.name.localeCompare(b.name));
  const slotNames = meta.optimizerSlots ?? [];
  const slots = optimizer.map((o, i) => ({ name: slotNames[i] ?? o.name, tensor: o.tensor }));
  return {
    config,
    meta,
    snapshot: {
      step: meta.step,
      params,
      ...(ema.size > 0 ? { ema, emaUpdates: meta.emaUpdates ?? 0 } : {}),
      optimizer: slots,
      rng: meta.rng,
    },
    dispose: () => tf.dispose(Object.values(tensors)),
  };
}
