import { decodeSafetensorsWith, type DecodedSafetensors, type DecodeOptions } from './decode.js';
import { sha256HexPortable } from './sha256-portable.js';

/** `decodeSafetensorsWith` verifying the checksum in plain JavaScript (browser-safe). */
export function decodeSafetensorsPortable(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): DecodedSafetensors {
  return decodeSafetensorsWith(sha256HexPortable, bytes, options);
}
