import { requireCapability } from '../capabilities/capability.js';
import { INVERTIBLE } from '../capabilities/process-capabilities.js';
import type { ForwardProcess, InvertibleForward } from '../contracts/forward-process.js';

/** The process as an `InvertibleForward`, or a config error naming the missing capability (F_t⁻¹). */
export function requireInvertible(process: ForwardProcess, stepKind: string): InvertibleForward {
  return requireCapability(INVERTIBLE, process, `sample.step.kind: "${stepKind}"`);
}
