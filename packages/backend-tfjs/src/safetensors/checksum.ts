/** Metadata key of the SHA-256 (lowercase hex) of the data section; verified on load when present. */
export const CHECKSUM_METADATA_KEY = 'udm.sha256';

/** A SHA-256 as lowercase hex (Node's `crypto` in Node, a portable implementation in the browser). */
export type Sha256Hex = (bytes: Uint8Array) => string;
