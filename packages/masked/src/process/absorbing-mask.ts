import { capability, type ForwardProcess } from '@udm/core';
import type { MaskingProcess } from './masking-process.js';

/**
 * An absorbing-state process (seed 002 §7.2): tokens are kept with probability α_t and otherwise replaced by the
 * [MASK] id; SUBS posteriors, masked steps and infilling are written against this.
 */
export type AbsorbingMaskForward = Pick<
  MaskingProcess,
  'schedule' | 'clock' | 'maskId' | 'categories' | 'progress' | 'alpha' | 'nelboWeight' | 'isMasked'
> &
  ForwardProcess;

/** Whether `p` is an absorbing-state (masking) process. */
export function isAbsorbingMask(p: unknown): p is AbsorbingMaskForward {
  const m = p as Partial<AbsorbingMaskForward> | null;
  return (
    typeof m?.maskId === 'number' &&
    typeof m.categories === 'number' &&
    typeof m.alpha === 'function' &&
    typeof m.progress === 'function' &&
    typeof m.nelboWeight === 'function' &&
    typeof m.isMasked === 'function' &&
    typeof m.schedule?.alpha === 'function' &&
    typeof m.clock?.timeAt === 'function'
  );
}

/** The capability of absorbing-state processes. */
export const ABSORBING_MASK = capability<AbsorbingMaskForward>({
  name: 'absorbing-mask',
  subject: 'process',
  description: 'an absorbing [MASK] state with keep probability α_t',
  providedBy: 'a masking process (MaskingProcess of @udm/masked or one with the same members)',
  has: isAbsorbingMask,
});
