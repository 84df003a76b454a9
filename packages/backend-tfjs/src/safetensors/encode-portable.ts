import { encodeSafetensorsWith, type EncodeOptions } from './encode.js';
import type { SafetensorsTensor } from './dtype.js';
import { sha256HexPortable } from './sha256-portable.js';

/** `encodeSafetensorsWith` hashing the checksums in plain JavaScript (browser-safe; slower than Node's crypto). */
export function encodeSafetensorsPortable(
  tensors: Record<string, SafetensorsTensor>,
  metadata: Record<string, string> = {},
  options: EncodeOptions = {},
): Uint8Array {
  return encodeSafetensorsWith(sha256HexPortable, tensors, metadata, options);
}
