import { isInvertible, type ForwardProcess, type InvertibleForward } from '../contracts/forward-process.js';
import { ConfigError } from '../config/config-error.js';

/** The process as an `InvertibleForward`, or a config error saying the chosen step needs F_t⁻¹. */
export function requireInvertible(process: ForwardProcess, stepKind: string): InvertibleForward {
  if (!isInvertible(process)) {
    throw new ConfigError([
      `sample.step.kind: step "${stepKind}" needs an invertible process (F_t⁻¹), but the configured process has none`,
    ]);
  }
  return process;
}
