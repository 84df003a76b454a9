import { capability, type ForwardProcess } from '@udm/core';
import type { UniformProcess } from './uniform-process.js';

/**
 * A uniform-state discrete process: q(x_t | x0) = α_t·onehot(x0) + (1 − α_t)/K on K categories, with its keep
 * schedule and clock; the uniform posterior, step and NELBO are written against this.
 */
export type UniformStateForward = Pick<
  UniformProcess,
  'schedule' | 'clock' | 'categories' | 'progress' | 'alpha'
> &
  ForwardProcess & { readonly uniformState: true };

/** Whether `p` is a uniform-state process. */
export function isUniformState(p: unknown): p is UniformStateForward {
  const m = p as Partial<UniformStateForward> | null;
  return (
    m?.uniformState === true &&
    typeof m.categories === 'number' &&
    typeof m.alpha === 'function' &&
    typeof m.progress === 'function' &&
    typeof m.schedule?.alpha === 'function' &&
    typeof m.schedule.alphaDerivative === 'function' &&
    typeof m.clock?.timeAt === 'function'
  );
}

/** The capability of uniform-state processes. */
export const UNIFORM_STATE = capability<UniformStateForward>({
  name: 'uniform-state',
  subject: 'process',
  description: 'a uniform-state categorical process q(x_t | x0) = α_t·onehot(x0) + (1 − α_t)/K',
  providedBy: 'process.kind "uniform" (UniformProcess of @udm/uniform or one with the same members)',
  has: isUniformState,
});
