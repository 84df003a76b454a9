import type * as tf from '@tensorflow/tfjs';
import type { TargetNetwork } from './target-network.js';

/**
 * The checkpointed state of a consistency objective: θ⁻'s weights (none when θ⁻ = θ), the last step and whatever
 * else the objective keeps in its JSON (`extra`, e.g. the schedule's K).
 */
export function targetState(
  target: TargetNetwork,
  step: number,
  extra: Readonly<Record<string, unknown>> = {},
) {
  return {
    json: { ...extra, step },
    ...(target.tensors ? { tensors: target.tensors } : {}),
  };
}

/** Reads `targetState` back (θ⁻ restored into `target`); returns the step, failing on a malformed state. */
export function restoreTargetState(
  target: TargetNetwork,
  state: { readonly json?: unknown; readonly tensors?: ReadonlyMap<string, tf.Tensor> },
): number {
  const step = (state.json as { step?: unknown } | undefined)?.step ?? 0;
  if (!(typeof step === 'number' && Number.isSafeInteger(step) && step >= 0))
    throw new Error(`objective state: step expected a non-negative integer, got ${JSON.stringify(step)}`);
  target.restore(state.tensors);
  return step;
}
