/** The safetensors element types we read and write (all little-endian). */
export type SafetensorsDType =
  'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

/** Element storage per dtype; F16 and BF16 are kept as raw 16-bit patterns (`Uint16Array`). */
export type SafetensorsData =
  | Float64Array
  | Float32Array
  | Uint16Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | BigUint64Array
  | Uint32Array
  | Uint8Array;

export interface SafetensorsTensor {
  dtype: SafetensorsDType;
  shape: number[];
  data: SafetensorsData;
}

interface DTypeInfo {
  /** Bytes per element. */
  size: number;
  /** The typed array class `data` must be, e.g. 'Float32Array'. */
  arrayType: string;
  fromBuffer(buffer: ArrayBuffer, length: number): SafetensorsData;
}

export const DTYPES: Readonly<Record<SafetensorsDType, DTypeInfo>> = {
  F64: { size: 8, arrayType: 'Float64Array', fromBuffer: (b, n) => new Float64Array(b, 0, n) },
  F32: { size: 4, arrayType: 'Float32Array', fromBuffer: (b, n) => new Float32Array(b, 0, n) },
  F16: { size: 2, arrayType: 'Uint16Array', fromBuffer: (b, n) => new Uint16Array(b, 0, n) },
  BF16: { size: 2, arrayType: 'Uint16Array', fromBuffer: (b, n) => new Uint16Array(b, 0, n) },
  I64: { size: 8, arrayType: 'BigInt64Array', fromBuffer: (b, n) => new BigInt64Array(b, 0, n) },
  I32: { size: 4, arrayType: 'Int32Array', fromBuffer: (b, n) => new Int32Array(b, 0, n) },
  I16: { size: 2, arrayType: 'Int16Array', fromBuffer: (b, n) => new Int16Array(b, 0, n) },
  I8: { size: 1, arrayType: 'Int8Array', fromBuffer: (b, n) => new Int8Array(b, 0, n) },
  U64: { size: 8, arrayType: 'BigUint64Array', fromBuffer: (b, n) => new BigUint64Array(b, 0, n) },
  U32: { size: 4, arrayType: 'Uint32Array', fromBuffer: (b, n) => new Uint32Array(b, 0, n) },
  U16: { size: 2, arrayType: 'Uint16Array', fromBuffer: (b, n) => new Uint16Array(b, 0, n) },
  U8: { size: 1, arrayType: 'Uint8Array', fromBuffer: (b, n) => new Uint8Array(b, 0, n) },
  BOOL: { size: 1, arrayType: 'Uint8Array', fromBuffer: (b, n) => new Uint8Array(b, 0, n) },
};

export const DTYPE_NAMES = Object.keys(DTYPES) as SafetensorsDType[];

export function isSafetensorsDType(s: unknown): s is SafetensorsDType {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(DTYPES, s);
}

/** The typed array's class name, robust across realms ('Float32Array', …). */
export function arrayTypeOf(data: unknown): string {
  return Object.prototype.toString.call(data).slice(8, -1);
}

/** Product of a shape as a safe integer, or an error. */
export function elementCount(shape: readonly number[], what: string): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n))
      throw new SafetensorsError(`${what}: shape [${shape.join(', ')}] has too many elements`);
  }
  return n;
}

/** Every format violation, on read or write. */
export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  // Typed arrays use the platform's byte order; safetensors is little-endian.
  throw new Error('@udm/backend-tfjs safetensors: big-endian platforms are not supported');
}
