import * as tf from '@tensorflow/tfjs';
import type { ContainerModule } from 'inversify';
import { ConfigError, createUdm, optimizerSlotOrder, type NamedTensor, type Udm } from '@udm/core';
import { CheckpointError } from './checkpoint-error.js';
import type { LoadedCheckpoint } from './decode-checkpoint.js';

function checkWeights(
  target: ReadonlyMap<string, tf.Variable>,
  source: ReadonlyMap<string, tf.Tensor>,
  what: string,
  path: string,
): void {
  for (const name of source.keys()) {
    if (!target.has(name))
      throw new CheckpointError(path, `${what}.${name} is not a weight of the configured network`);
  }
  for (const [name, v] of target) {
    const s = source.get(name);
    if (!s) throw new CheckpointError(path, `${what}.${name} is missing`);
    if (!tf.util.arraysEqual(s.shape, v.shape) || s.dtype !== v.dtype) {
      throw new CheckpointError(
        path,
        `${what}.${name} is ${s.dtype} [${s.shape.join(', ')}], the network expects ${v.dtype} [${v.shape.join(', ')}]`,
      );
    }
  }
}

/**
 * Optimizer slots as tfjs optimizers lay them out: the iteration count (a scalar), then groups of one slot per
 * variable in `optimizerSlotOrder` (Adam: first moments, then second moments).
 */
function checkSlots(
  slots: readonly NamedTensor[],
  networkVariables: Iterable<tf.Variable>,
  path: string,
): void {
  const variables = optimizerSlotOrder(networkVariables);
  if (slots.length === 0) return;
  const [iter, ...rest] = slots;
  if (iter!.tensor.rank !== 0)
    throw new CheckpointError(path, `optimizer slot 0 must be the iteration count (a scalar)`);
  const n = variables.length;
  if (rest.length % Math.max(n, 1) !== 0)
    throw new CheckpointError(
      path,
      `${rest.length} optimizer slots do not split into groups of ${n} variables`,
    );
  rest.forEach((slot, i) => {
    const v = variables[i % n]!;
    if (!tf.util.arraysEqual(slot.tensor.shape, v.shape)) {
      throw new CheckpointError(
        path,
        `optimizer slot ${i + 1} has shape [${slot.tensor.shape.join(', ')}], expected [${v.shape.join(', ')}] ` +
          `(the optimizer's variable ${i % n})`,
      );
    }
  });
}

/**
 * Restores a loaded checkpoint into a model built from its config, after checking that every tensor fits: the same
 * weight names, shapes and dtypes, EMA weights when the config keeps an EMA, optimizer slots shaped like the
 * network's variables. Errors name the checkpoint file. With `optimizer: false` (sampling, evaluation) the optimizer
 * state is left out: only training needs it.
 */
export async function restoreCheckpoint(
  udm: Udm,
  loaded: LoadedCheckpoint,
  path: string,
  options: { readonly optimizer?: boolean } = {},
): Promise<void> {
  const snapshot = options.optimizer === false ? { ...loaded.snapshot, optimizer: [] } : loaded.snapshot;
  checkSnapshotWeights(udm, loaded, path);
  checkSlots(snapshot.optimizer ?? [], udm.network.variables.values(), path);
  try {
    await udm.restore(snapshot);
  } catch (e) {
    throw new CheckpointError(path, e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/** The weights (and EMA weights) of a checkpoint fit the model built from its config. */
function checkSnapshotWeights(udm: Udm, loaded: LoadedCheckpoint, path: string): void {
  const snapshot = loaded.snapshot;
  checkWeights(udm.network.variables, snapshot.params, 'params', path);
  if (udm.ema) {
    if (!snapshot.ema)
      throw new CheckpointError(
        path,
        `has no EMA weights but the config keeps one (train.ema = ${udm.ema.decay})`,
      );
    checkWeights(udm.ema.shadow, snapshot.ema, 'ema', path);
  }
}

/**
 * `restoreCheckpoint` without the optimizer state, synchronously (what sampling needs, e.g. a classifier read while a
 * model is built): the same checks of every weight, then weights, EMA, RNG, the objective's state and the step.
 */
export function restoreCheckpointWeights(udm: Udm, loaded: LoadedCheckpoint, path: string): void {
  checkSnapshotWeights(udm, loaded, path);
  try {
    udm.restoreWeights(loaded.snapshot);
  } catch (e) {
    throw new CheckpointError(path, e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/**
 * Builds the model a checkpoint's (or run's) config describes. The config is untrusted JSON: it is validated against
 * the loaded plugins' kinds (nothing is imported or executed because of it), and a mismatch names the file.
 */
export function createFromCheckpoint(
  config: unknown,
  modules: readonly ContainerModule[],
  path: string,
): Udm {
  try {
    return createUdm(config, modules);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new CheckpointError(
      path,
      `its config does not fit the loaded plugins (is a --plugin missing?): ${e.message}`,
      { cause: e },
    );
  }
}
