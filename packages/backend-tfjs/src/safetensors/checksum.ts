import { createHash } from 'node:crypto';

/** Metadata key of the SHA-256 (lowercase hex) of the data section; verified on load when present. */
export const CHECKSUM_METADATA_KEY = 'udm.sha256';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
