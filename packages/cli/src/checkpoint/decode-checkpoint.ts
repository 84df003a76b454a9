import * as tf from '@tensorflow/tfjs';
import { safetensorsToTensors, type DecodedSafetensors } from '@udm/backend-tfjs/browser';
import {
  ConfigError,
  decodeOrThrow,
  intIn,
  nonEmptyString,
  nonNegativeInt,
  arrayOf,
  finiteNumber,
  optional,
  required,
  stringCodec,
  struct,
  type NamedTensor,
  type RngState,
  type TrainingSnapshot,
} from '@udm/core';
import { CheckpointError } from './checkpoint-error.js';

/** File format version written in the metadata. */
export const CHECKPOINT_FORMAT = '1';

/** Tensor name prefixes: network weights θ, their EMA θ̄, optimizer slots (numbered `NNNN`). */
export const PARAMS = 'params.';
export const EMA = 'ema.';
export const OPTIMIZER = 'optimizer.';
/** The training objective's state tensors (`objective.<name>`). */
export const OBJECTIVE = 'objective.';

/** Host-side state stored in the checkpoint's metadata (`udm.state`). */
export interface CheckpointMeta {
  readonly step: number;
  readonly loss: number;
  readonly rng: RngState;
  readonly emaUpdates?: number;
  /** The optimizer's slot names, in the order `setWeights` expects. */
  readonly optimizerSlots?: readonly string[];
  readonly backend: string;
  /** The training objective's JSON state (checked by the objective itself when restored). */
  readonly objective?: unknown;
}

export interface LoadedCheckpoint {
  /** The resolved config the run was trained with. */
  readonly config: unknown;
  readonly meta: CheckpointMeta;
  readonly snapshot: TrainingSnapshot;
  dispose(): void;
}

function parseJson(text: string | undefined, what: string, path: string): unknown {
  if (text === undefined)
    throw new CheckpointError(path, `not a UDM checkpoint (metadata "${what}" is missing)`);
  try {
    return JSON.parse(text);
  } catch {
    throw new CheckpointError(path, `metadata "${what}" is not valid JSON`);
  }
}

/** `udm.state` as written by `saveCheckpoint` (strict: a checkpoint is untrusted input). */
const metaCodec = struct('checkpoint state', {
  step: required(nonNegativeInt),
  loss: optional(finiteNumber),
  rng: required(
    struct('rng state', {
      kind: required(nonEmptyString),
      words: required(arrayOf(intIn(0, 2 ** 32 - 1), 1)),
    }),
  ),
  emaUpdates: optional(nonNegativeInt),
  optimizerSlots: optional(arrayOf(stringCodec)),
  backend: required(stringCodec),
});

function parseMeta(text: string | undefined, path: string): CheckpointMeta {
  const raw = parseJson(text, 'udm.state', path);
  // JSON writes a NaN loss (no step since the previous checkpoint) as null.
  const value =
    typeof raw === 'object' && raw !== null && (raw as { loss?: unknown }).loss === null
      ? { ...raw, loss: undefined }
      : raw;
  // The objective's own state is plain JSON that only the objective can check (in its setState).
  const { objective, ...rest } =
    typeof value === 'object' && value !== null
      ? (value as { objective?: unknown })
      : { objective: undefined };
  try {
    const meta = decodeOrThrow(
      metaCodec,
      typeof value === 'object' && value !== null ? rest : value,
      'udm.state',
    );
    return { ...meta, loss: meta.loss ?? NaN, ...(objective !== undefined ? { objective } : {}) };
  } catch (e) {
    if (e instanceof ConfigError) throw new CheckpointError(path, `metadata ${e.issues.join('; ')}`);
    throw e;
  }
}

const SLOT_NAME = /^\d{4,}$/;

/**
 * Every tensor must be a parameter, an EMA weight, an objective's state tensor or an optimizer slot
 * `optimizer.NNNN` numbered 0…n−1.
 */
function checkTensorNames(names: readonly string[], meta: CheckpointMeta, path: string): void {
  const slots: number[] = [];
  for (const name of names) {
    if (name.startsWith(OPTIMIZER)) {
      const index = name.slice(OPTIMIZER.length);
      if (!SLOT_NAME.test(index))
        throw new CheckpointError(path, `tensor "${name}": optimizer slots are named ${OPTIMIZER}NNNN`);
      slots.push(Number(index));
    } else if (![PARAMS, EMA, OBJECTIVE].some((p) => name.startsWith(p) && name !== p)) {
      throw new CheckpointError(
        path,
        `unexpected tensor "${name}" (expected ${PARAMS}<name>, ${EMA}<name>, ${OBJECTIVE}<name> or ${OPTIMIZER}NNNN)`,
      );
    }
  }
  slots.sort((a, b) => a - b);
  slots.forEach((s, i) => {
    if (s !== i) throw new CheckpointError(path, `optimizer slots are not numbered 0…${slots.length - 1}`);
  });
  if (meta.optimizerSlots && meta.optimizerSlots.length !== slots.length) {
    throw new CheckpointError(
      path,
      `metadata lists ${meta.optimizerSlots.length} optimizer slots but the file holds ${slots.length}`,
    );
  }
}

/** Parameters and EMA weights must be finite float32 values (a checkpoint is never written otherwise). */
function checkWeightValues(decoded: DecodedSafetensors, path: string): void {
  for (const [name, t] of Object.entries(decoded.tensors)) {
    if (!(name.startsWith(PARAMS) || name.startsWith(EMA))) continue;
    if (t.dtype !== 'F32')
      throw new CheckpointError(path, `tensor "${name}" has dtype ${t.dtype}, expected F32 for weights`);
    const bad = (t.data as Float32Array).findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new CheckpointError(path, `tensor "${name}" holds a non-finite value at element ${bad}`);
  }
}

/**
 * Reads a checkpoint written by `saveCheckpoint` from its decoded safetensors (the file itself, or bytes fetched by a
 * web page), treating it as untrusted: the format version, the metadata (strictly typed), the tensor names and the
 * weight values are checked. Nothing in the file is executed: the config is plain JSON, validated later against the
 * loaded plugins. `path` names the file in errors. The caller disposes the tensors with `dispose()`.
 */
export function decodeCheckpoint(decoded: DecodedSafetensors, path: string): LoadedCheckpoint {
  const metadata = decoded.metadata;
  const format = metadata['udm.format'];
  if (format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(
      path,
      `unsupported checkpoint format ${JSON.stringify(format)} (expected "${CHECKPOINT_FORMAT}")`,
    );
  }
  const config = parseJson(metadata['udm.config'], 'udm.config', path);
  const meta = parseMeta(metadata['udm.state'], path);
  checkTensorNames(Object.keys(decoded.tensors), meta, path);
  checkWeightValues(decoded, path);
  const tensors = safetensorsToTensors(decoded.tensors);
  const params = new Map<string, tf.Tensor>();
  const ema = new Map<string, tf.Tensor>();
  const objective = new Map<string, tf.Tensor>();
  const optimizer: NamedTensor[] = [];
  for (const [name, tensor] of Object.entries(tensors)) {
    if (name.startsWith(PARAMS)) params.set(name.slice(PARAMS.length), tensor);
    else if (name.startsWith(EMA)) ema.set(name.slice(EMA.length), tensor);
    else if (name.startsWith(OBJECTIVE)) objective.set(name.slice(OBJECTIVE.length), tensor);
    else if (name.startsWith(OPTIMIZER)) optimizer.push({ name: name.slice(OPTIMIZER.length), tensor });
  }
  optimizer.sort((a, b) => Number(a.name) - Number(b.name));
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
      ...(meta.objective !== undefined || objective.size > 0
        ? {
            objective: {
              ...(meta.objective !== undefined ? { json: meta.objective } : {}),
              ...(objective.size > 0 ? { tensors: objective } : {}),
            },
          }
        : {}),
    },
    dispose: () => tf.dispose(Object.values(tensors)),
  };
}
