/** Metadata key of the SHA-256 (lowercase hex) of the data section; verified on load when present. */
export const CHECKSUM_METADATA_KEY = 'udm.sha256';

/**
 * Metadata key of the SHA-256 (lowercase hex) of the rest of the header: every other metadata entry and every tensor's
 * dtype, shape and offsets (`headerDigestText`). Written next to `udm.sha256`, verified on load when present, so an
 * edit of the metadata (a config, a training state) fails like an edit of the data. Files written before it existed
 * have only `udm.sha256` and stay readable.
 */
export const HEADER_CHECKSUM_METADATA_KEY = 'udm.sha256.header';

/** A SHA-256 as lowercase hex (Node's `crypto` in Node, a portable implementation in the browser). */
export type Sha256Hex = (bytes: Uint8Array) => string;

/** What the header checksum hashes: the layout of one tensor. */
export interface HeaderDigestEntry {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * The canonical text `udm.sha256.header` hashes: JSON of the metadata entries other than the two checksums, sorted
 * by key, then the tensor entries sorted by name, so that it does not depend on how a writer ordered or spaced its
 * JSON header.
 */
export function headerDigestText(
  metadata: Readonly<Record<string, string>>,
  tensors: ReadonlyArray<readonly [string, HeaderDigestEntry]>,
): string {
  const byKey = <T>(a: readonly [string, T], b: readonly [string, T]): number =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  const meta = Object.entries(metadata)
    .filter(([k]) => k !== CHECKSUM_METADATA_KEY && k !== HEADER_CHECKSUM_METADATA_KEY)
    .sort(byKey);
  const layout = [...tensors]
    .sort(byKey)
    .map(([name, e]) => [name, e.dtype, [...e.shape], [e.begin, e.end]] as const);
  return JSON.stringify({ metadata: meta, tensors: layout });
}
