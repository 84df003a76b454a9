import { decodeSafetensorsWith, type DecodedSafetensors, type DecodeOptions } from './decode.js';
import { sha256Hex } from './sha256-node.js';

/** `decodeSafetensorsWith` verifying the checksum with Node's `crypto`. */
export function decodeSafetensors(bytes: Uint8Array, options: DecodeOptions = {}): DecodedSafetensors {
  return decodeSafetensorsWith(sha256Hex, bytes, options);
}
