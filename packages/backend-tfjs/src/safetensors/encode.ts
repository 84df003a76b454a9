import {
  CHECKSUM_METADATA_KEY,
  HEADER_CHECKSUM_METADATA_KEY,
  headerDigestText,
  type HeaderDigestEntry,
  type Sha256Hex,
} from './checksum.js';
import {
  arrayTypeOf,
  DTYPES,
  DTYPE_NAMES,
  elementCount,
  isSafetensorsDType,
  SafetensorsError,
  type SafetensorsTensor,
} from './dtype.js';

export interface EncodeOptions {
  /**
   * Store the SHA-256 of the data section in metadata under `udm.sha256` and that of the rest of the header (the other
   * metadata and the tensor layout) under `udm.sha256.header` (default false).
   */
  checksum?: boolean;
}

const METADATA = '__metadata__';

function validateTensor(name: string, t: SafetensorsTensor): number {
  const what = `tensor '${name}'`;
  if (name === METADATA) throw new SafetensorsError(`'${METADATA}' is reserved and cannot name a tensor`);
  if (!isSafetensorsDType(t.dtype)) {
    throw new SafetensorsError(
      `${what}: unknown dtype '${String(t.dtype)}' (known: ${DTYPE_NAMES.join(', ')})`,
    );
  }
  if (!Array.isArray(t.shape)) throw new SafetensorsError(`${what}: shape must be an array`);
  t.shape.forEach((d, i) => {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new SafetensorsError(`${what}: shape[${i}] = ${String(d)} is not a non-negative integer`);
    }
  });
  const info = DTYPES[t.dtype];
  const arrayType = arrayTypeOf(t.data);
  if (arrayType !== info.arrayType) {
    throw new SafetensorsError(`${what}: dtype ${t.dtype} needs data as ${info.arrayType}, got ${arrayType}`);
  }
  const n = elementCount(t.shape, what);
  if (t.data.length !== n) {
    throw new SafetensorsError(
      `${what}: data has ${t.data.length} elements but shape [${t.shape.join(', ')}] needs ${n}`,
    );
  }
  if (t.dtype === 'BOOL' && (t.data as Uint8Array).some((v) => v > 1)) {
    throw new SafetensorsError(`${what}: BOOL data must hold only 0 and 1`);
  }
  return n * info.size;
}

/**
 * Serializes tensors to the safetensors format: u64 little-endian header length N, N bytes of
 * JSON header (space-padded to a multiple of 8), then the data section. Tensors are laid out by
 * element size (largest first, so each stays aligned) then name; the output is deterministic.
 * `sha256Hex` hashes the checksums (`encodeSafetensors`: Node's crypto; `encodeSafetensorsPortable`: plain JS).
 */
export function encodeSafetensorsWith(
  sha256Hex: Sha256Hex,
  tensors: Record<string, SafetensorsTensor>,
  metadata: Record<string, string> = {},
  options: EncodeOptions = {},
): Uint8Array {
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string')
      throw new SafetensorsError(`metadata '${k}': value must be a string, got ${typeof v}`);
  }
  for (const key of [CHECKSUM_METADATA_KEY, HEADER_CHECKSUM_METADATA_KEY]) {
    if (Object.prototype.hasOwnProperty.call(metadata, key))
      throw new SafetensorsError(`metadata key '${key}' is reserved: use { checksum: true }`);
  }
  const entries = Object.entries(tensors).map(([name, t]) => ({ name, t, bytes: validateTensor(name, t) }));
  entries.sort(
    (a, b) =>
      DTYPES[b.t.dtype].size - DTYPES[a.t.dtype].size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );

  const dataLength = entries.reduce((sum, e) => sum + e.bytes, 0);
  const data = new Uint8Array(dataLength);
  const layout: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const digest: Array<[string, HeaderDigestEntry]> = [];
  let offset = 0;
  for (const { name, t, bytes } of entries) {
    data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, bytes), offset);
    layout[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    digest.push([name, { dtype: t.dtype, shape: t.shape, begin: offset, end: offset + bytes }]);
    offset += bytes;
  }

  const meta =
    options.checksum === true
      ? {
          ...metadata,
          [CHECKSUM_METADATA_KEY]: sha256Hex(data),
          [HEADER_CHECKSUM_METADATA_KEY]: sha256Hex(
            new TextEncoder().encode(headerDigestText(metadata, digest)),
          ),
        }
      : metadata;
  const header = Object.keys(meta).length > 0 ? { [METADATA]: meta, ...layout } : layout;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = json.length + ((8 - (json.length % 8)) % 8);

  const out = new Uint8Array(8 + headerLength + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.fill(0x20, 8, 8 + headerLength);
  out.set(json, 8);
  out.set(data, 8 + headerLength);
  return out;
}
