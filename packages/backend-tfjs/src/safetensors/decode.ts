import {
  CHECKSUM_METADATA_KEY,
  HEADER_CHECKSUM_METADATA_KEY,
  headerDigestText,
  type Sha256Hex,
} from './checksum.js';
import {
  DTYPES,
  DTYPE_NAMES,
  elementCount,
  isSafetensorsDType,
  SafetensorsError,
  type SafetensorsTensor,
} from './dtype.js';

export interface DecodedSafetensors {
  /** By name (a prototype-less object, so any name is safe). Data are copies, aligned. */
  tensors: Record<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

export interface DecodeOptions {
  /**
   * Verify metadata `udm.sha256` against the data section and `udm.sha256.header` against the rest of the header when
   * present (default true).
   */
  verifyChecksum?: boolean;
}

/** Largest accepted header, as in the reference implementation. */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA = '__metadata__';
const TENSOR_FIELDS = ['dtype', 'shape', 'data_offsets'];

function fail(message: string): never {
  throw new SafetensorsError(message);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) fail(`truncated file: ${bytes.length} bytes, the header length alone takes 8`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  // The length is not printed: in a file that is not safetensors it is just its first 8 bytes (e.g. of a secret).
  if (n > BigInt(bytes.length - 8))
    fail(
      `header length (the first 8 bytes) exceeds the ${bytes.length - 8} bytes after it: not a safetensors file`,
    );
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`header length exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  const length = Number(n);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length));
  } catch {
    fail('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    fail(`header is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(header))
    fail(`header must be a JSON object, got ${Array.isArray(header) ? 'an array' : typeof header}`);
  return { header, dataStart: 8 + length };
}

function readMetadata(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) fail(`'${METADATA}' must be an object of strings`);
  const metadata = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      fail(`'${METADATA}'.'${k}' must be a string, got ${v === null ? 'null' : typeof v}`);
    metadata[k] = v;
  }
  return metadata;
}

interface Entry {
  name: string;
  tensor: Omit<SafetensorsTensor, 'data'>;
  begin: number;
  end: number;
}

function readEntry(name: string, value: unknown, dataLength: number): Entry {
  const what = `tensor '${name}'`;
  if (!isPlainObject(value)) fail(`${what}: entry must be an object with ${TENSOR_FIELDS.join(', ')}`);
  for (const key of Object.keys(value)) {
    if (!TENSOR_FIELDS.includes(key)) fail(`${what}: unknown field '${key}'`);
  }
  const { dtype, shape, data_offsets: offsets } = value;
  if (!isSafetensorsDType(dtype)) {
    fail(`${what}: dtype ${JSON.stringify(dtype)} is unknown (known: ${DTYPE_NAMES.join(', ')})`);
  }
  if (!Array.isArray(shape)) fail(`${what}: shape must be an array, got ${JSON.stringify(shape)}`);
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      fail(`${what}: shape[${i}] = ${JSON.stringify(d)} is not a non-negative integer`);
    }
  });
  if (!Array.isArray(offsets) || offsets.length !== 2) {
    fail(`${what}: data_offsets must be [begin, end], got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as unknown[];
  for (const [label, v] of [
    ['begin', begin],
    ['end', end],
  ] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      fail(`${what}: data_offsets ${label} = ${JSON.stringify(v)} is not a non-negative integer`);
    }
  }
  const b = begin as number;
  const e = end as number;
  if (b > e) fail(`${what}: data_offsets [${b}, ${e}] end before they begin`);
  if (e > dataLength)
    fail(`${what}: data_offsets [${b}, ${e}] exceed the data section (${dataLength} bytes)`);
  const expected = elementCount(shape as number[], what) * DTYPES[dtype].size;
  if (e - b !== expected) {
    fail(
      `${what}: data_offsets [${b}, ${e}] span ${e - b} bytes but ${dtype} [${(shape as number[]).join(', ')}] needs ${expected}`,
    );
  }
  return { name, tensor: { dtype, shape: shape as number[] }, begin: b, end: e };
}

/** The entries must tile the data section exactly: no overlap, no gap, nothing after. */
function checkCoverage(entries: Entry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < covered)
      fail(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap tensor '${previous?.name}'`);
    if (e.begin > covered)
      fail(
        `tensor '${e.name}': gap of ${e.begin - covered} bytes before its data_offsets [${e.begin}, ${e.end}]`,
      );
    covered = e.end;
    previous = e;
  }
  if (covered !== dataLength)
    fail(`${dataLength - covered} bytes after the last tensor are not described by the header`);
}

/**
 * Parses safetensors bytes, validating strictly (for untrusted files): header length within the
 * file, a JSON object header, known dtypes, non-negative integer shapes, offsets inside the data
 * section matching shape × dtype size and tiling it exactly, string metadata, and the
 * `udm.sha256` checksum when present (hashed with `sha256Hex`, so this module imports nothing from Node and also runs
 * in a browser). Errors are `SafetensorsError`s naming the tensor and field.
 */
export function decodeSafetensorsWith(
  sha256Hex: Sha256Hex,
  bytes: Uint8Array,
  options: DecodeOptions = {},
): DecodedSafetensors {
  const { header, dataStart } = readHeader(bytes);
  const dataLength = bytes.length - dataStart;
  let metadata = Object.create(null) as Record<string, string>;
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA) metadata = readMetadata(value);
    else entries.push(readEntry(name, value, dataLength));
  }
  checkCoverage(entries, dataLength);
  const data = bytes.subarray(dataStart);

  const checksum = metadata[CHECKSUM_METADATA_KEY];
  if (checksum !== undefined && options.verifyChecksum !== false) {
    if (!/^[0-9a-f]{64}$/.test(checksum))
      fail(`metadata '${CHECKSUM_METADATA_KEY}' is not a lowercase hex SHA-256`);
    const actual = sha256Hex(data);
    if (actual !== checksum) {
      fail(
        `checksum mismatch: metadata '${CHECKSUM_METADATA_KEY}' is ${checksum} but the data section hashes to ${actual}`,
      );
    }
  }

  const headerChecksum = metadata[HEADER_CHECKSUM_METADATA_KEY];
  if (headerChecksum !== undefined && options.verifyChecksum !== false) {
    if (!/^[0-9a-f]{64}$/.test(headerChecksum))
      fail(`metadata '${HEADER_CHECKSUM_METADATA_KEY}' is not a lowercase hex SHA-256`);
    const text = headerDigestText(
      metadata,
      entries.map((e) => [e.name, { ...e.tensor, begin: e.begin, end: e.end }] as const),
    );
    const actual = sha256Hex(new TextEncoder().encode(text));
    if (actual !== headerChecksum) {
      fail(
        `checksum mismatch: metadata '${HEADER_CHECKSUM_METADATA_KEY}' is ${headerChecksum} but the metadata and ` +
          `tensor layout hash to ${actual} (the header was edited)`,
      );
    }
  }

  const tensors = Object.create(null) as Record<string, SafetensorsTensor>;
  for (const { name, tensor, begin, end } of entries) {
    const info = DTYPES[tensor.dtype];
    // An own, aligned copy. Not `data.slice`: on a Node Buffer (what fs.readFileSync returns) `slice` is a view that
    // shares the file's ArrayBuffer, and `copy.buffer` would then start at the file's first byte, not the tensor's.
    const copy = new Uint8Array(end - begin);
    copy.set(data.subarray(begin, end));
    const values = info.fromBuffer(copy.buffer, (end - begin) / info.size);
    if (tensor.dtype === 'BOOL') {
      const bad = (values as Uint8Array).findIndex((v) => v > 1);
      if (bad >= 0)
        fail(`tensor '${name}': BOOL element ${bad} is ${(values as Uint8Array)[bad]}, not 0 or 1`);
    }
    tensors[name] = { ...tensor, data: values };
  }
  return { tensors, metadata };
}
