import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** SHA-256 in plain JavaScript (`@noble/hashes`), for the browser where Node's `crypto` is absent. */
export function sha256HexPortable(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
