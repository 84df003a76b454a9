import { encodeSafetensorsWith, type EncodeOptions } from './encode.js';
import type { SafetensorsTensor } from './dtype.js';
import { sha256Hex } from './sha256-node.js';

/** `encodeSafetensorsWith` hashing the checksums with Node's `crypto`. */
export function encodeSafetensors(
  tensors: Record<string, SafetensorsTensor>,
  metadata: Record<string, string> = {},
  options: EncodeOptions = {},
): Uint8Array {
  return encodeSafetensorsWith(sha256Hex, tensors, metadata, options);
}
