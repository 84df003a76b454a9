import { createHash } from 'node:crypto';

/** SHA-256 with Node's `crypto` (fast, native). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
