import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from './decode-node.js';
import { SafetensorsError, type SafetensorsTensor } from './dtype.js';
import { encodeSafetensors } from './encode-node.js';

const sample = (): Record<string, SafetensorsTensor> => ({
  'layer.weight': { dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-7, -1e30]) },
  'layer.bias': { dtype: 'F64', shape: [3], data: Float64Array.from([Math.PI, -0, 1 / 3]) },
  step: { dtype: 'I64', shape: [], data: BigInt64Array.from([2n ** 40n]) },
  half: { dtype: 'F16', shape: [2], data: Uint16Array.from([0x3c00, 0xc000]) },
  counts: { dtype: 'I32', shape: [2, 2], data: Int32Array.from([1, -2, 3, 2 ** 31 - 1]) },
  mask: { dtype: 'BOOL', shape: [3], data: Uint8Array.from([1, 0, 1]) },
  bytes: { dtype: 'U8', shape: [5], data: Uint8Array.from([0, 1, 127, 128, 255]) },
  empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
});

/** Builds a file from a raw header object and data bytes (to craft malformed inputs). */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (name = 'x', extra: Record<string, unknown> = {}) => ({
  [name]: { dtype: 'F32', shape: [2], data_offsets: [0, 8], ...extra },
});

function decodeError(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    return (error as Error).message;
  }
  throw new Error('expected decodeSafetensors to throw');
}

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trips every dtype, shape and metadata', () => {
    const tensors = sample();
    const bytes = encodeSafetensors(tensors, { format: 'pt', note: 'ünïcödé' });
    const { tensors: back, metadata } = decodeSafetensors(bytes);
    expect({ ...metadata }).toEqual({ format: 'pt', note: 'ünïcödé' });
    expect(Object.keys(back).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) {
      expect(back[name]!.dtype).toBe(t.dtype);
      expect(back[name]!.shape).toEqual(t.shape);
      expect(Array.from(back[name]!.data as ArrayLike<unknown>)).toEqual(
        Array.from(t.data as ArrayLike<unknown>),
      );
    }
  });

  it('decodes a Node Buffer (what fs.readFileSync returns), also one inside a larger ArrayBuffer', () => {
    const tensors = sample();
    const bytes = encodeSafetensors(tensors, {});
    // A Buffer whose bytes start 24 bytes into a bigger ArrayBuffer: Buffer.prototype.slice is a view, so a decoder
    // that copies tensors with `slice` and reads `copy.buffer` would see the wrong bytes.
    const host = Buffer.alloc(bytes.length + 48, 0x7f);
    host.set(bytes, 24);
    for (const input of [Buffer.from(bytes), host.subarray(24, 24 + bytes.length)]) {
      const { tensors: back } = decodeSafetensors(input);
      for (const [name, t] of Object.entries(tensors))
        expect(Array.from(back[name]!.data as ArrayLike<unknown>), name).toEqual(
          Array.from(t.data as ArrayLike<unknown>),
        );
    }
  });

  it('writes the layout of the format: u64 LE header length, space padding to 8, aligned tensors', () => {
    const bytes = encodeSafetensors(sample(), { a: 'b' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(headerText.trimEnd().endsWith('}')).toBe(true);
    expect(/^ *$/.test(headerText.slice(headerText.lastIndexOf('}') + 1))).toBe(true);
    const header = JSON.parse(headerText) as Record<
      string,
      { dtype: string; data_offsets: [number, number] }
    >;
    for (const [name, e] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const size = { F64: 8, I64: 8, F32: 4, I32: 4, F16: 2, U8: 1, BOOL: 1 }[e.dtype]!;
      expect(e.data_offsets[0] % size, name).toBe(0);
    }
  });

  it('is deterministic (independent of key order)', () => {
    const a = sample();
    const b = Object.fromEntries(Object.entries(a).reverse());
    expect(encodeSafetensors(a)).toEqual(encodeSafetensors(b));
  });

  it('handles awkward names (__proto__, unicode, dots) safely', () => {
    // A computed key makes an own property named "__proto__" (a JSON header can carry one too).
    const tensors: Record<string, SafetensorsTensor> = {
      ['__proto__']: { dtype: 'U8', shape: [1], data: Uint8Array.from([7]) },
      'ß.λ/0': { dtype: 'U8', shape: [1], data: Uint8Array.from([8]) },
    };
    const back = decodeSafetensors(encodeSafetensors(tensors)).tensors;
    expect(Object.getOwnPropertyNames(back).sort()).toEqual(['__proto__', 'ß.λ/0']);
    expect(Array.from(back['ß.λ/0']!.data as Uint8Array)).toEqual([8]);
  });

  it('stores and verifies a checksum of the data section', () => {
    const bytes = encodeSafetensors(sample(), {}, { checksum: true });
    const { metadata } = decodeSafetensors(bytes);
    expect(metadata['udm.sha256']).toMatch(/^[0-9a-f]{64}$/);
    const corrupted = bytes.slice();
    corrupted[corrupted.length - 1]! ^= 0x01;
    expect(() => decodeSafetensors(corrupted)).toThrow(/checksum mismatch/);
    expect(() => decodeSafetensors(corrupted, { verifyChecksum: false })).not.toThrow();
  });

  describe('rejects invalid tensors on encode', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'unknown dtype',
        { x: { dtype: 'F17', shape: [1], data: new Float32Array(1) } },
        /tensor 'x': unknown dtype 'F17'/,
      ],
      [
        'negative dim',
        { x: { dtype: 'F32', shape: [-1], data: new Float32Array(1) } },
        /tensor 'x': shape\[0\] = -1/,
      ],
      [
        'wrong array type',
        { x: { dtype: 'F32', shape: [1], data: new Float64Array(1) } },
        /needs data as Float32Array, got Float64Array/,
      ],
      [
        'wrong length',
        { x: { dtype: 'F32', shape: [2, 2], data: new Float32Array(3) } },
        /has 3 elements but shape \[2, 2\] needs 4/,
      ],
      ['bool out of range', { x: { dtype: 'BOOL', shape: [1], data: Uint8Array.from([2]) } }, /only 0 and 1/],
      ['reserved name', { __metadata__: { dtype: 'U8', shape: [0], data: new Uint8Array(0) } }, /reserved/],
    ];
    for (const [label, tensors, message] of cases) {
      it(label, () => {
        expect(() => encodeSafetensors(tensors as Record<string, SafetensorsTensor>)).toThrow(message);
      });
    }
    it('reserved checksum key in metadata', () => {
      expect(() => encodeSafetensors({}, { 'udm.sha256': 'x' })).toThrow(/reserved/);
    });
  });

  describe('rejects malformed files with clear errors', () => {
    const data8 = new Uint8Array(8);
    const valid = encodeSafetensors(sample());
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['empty file', new Uint8Array(0), /truncated file: 0 bytes/],
      ['truncated header length', new Uint8Array(5), /truncated file: 5 bytes/],
      [
        'header length larger than the file',
        valid.slice(0, 40),
        /header length \(the first 8 bytes\) exceeds the 32 bytes after it: not a safetensors file/,
      ],
      [
        'huge header length',
        Uint8Array.from([255, 255, 255, 255, 255, 255, 255, 255, 123]),
        /exceeds the 1 bytes after it/,
      ],
      [
        'truncated data section',
        valid.slice(0, valid.length - 3),
        /exceed the data section|bytes after the last tensor/,
      ],
      ['non-JSON header', rawFile(null, data8, '{"x": '), /header is not valid JSON/],
      [
        'invalid UTF-8 header',
        rawFile(null, data8, '{"ab": 1}').map((b, i) => (i === 10 ? 0xff : b)),
        /not valid UTF-8/,
      ],
      ['header is an array', rawFile([1, 2]), /header must be a JSON object, got an array/],
      ['header is a string', rawFile('abc'), /header must be a JSON object, got string/],
      ['entry is not an object', rawFile({ x: 3 }), /tensor 'x': entry must be an object/],
      ['unknown dtype', rawFile(f32('w', { dtype: 'F17' }), data8), /tensor 'w': dtype "F17" is unknown/],
      [
        'missing dtype',
        rawFile({ w: { shape: [2], data_offsets: [0, 8] } }, data8),
        /tensor 'w': dtype undefined is unknown/,
      ],
      [
        'negative shape',
        rawFile(f32('w', { shape: [-2] }), data8),
        /tensor 'w': shape\[0\] = -2 is not a non-negative integer/,
      ],
      ['fractional shape', rawFile(f32('w', { shape: [1.5] }), data8), /shape\[0\] = 1.5/],
      ['string shape', rawFile(f32('w', { shape: ['2'] }), data8), /shape\[0\] = "2"/],
      ['shape not an array', rawFile(f32('w', { shape: 2 }), data8), /tensor 'w': shape must be an array/],
      [
        'offsets not a pair',
        rawFile(f32('w', { data_offsets: [0] }), data8),
        /data_offsets must be \[begin, end\]/,
      ],
      ['negative offset', rawFile(f32('w', { data_offsets: [-8, 0] }), data8), /data_offsets begin = -8/],
      ['offsets reversed', rawFile(f32('w', { data_offsets: [8, 0] }), data8), /end before they begin/],
      [
        'offsets out of range',
        rawFile(f32('w', { data_offsets: [0, 16] }), data8),
        /data_offsets \[0, 16\] exceed the data section \(8 bytes\)/,
      ],
      ['wrong byte length', rawFile(f32('w', { shape: [3] }), data8), /span 8 bytes but F32 \[3\] needs 12/],
      ['unknown field', rawFile(f32('w', { offsets: 1 }), data8), /tensor 'w': unknown field 'offsets'/],
      [
        'overlapping tensors',
        rawFile(
          { ...f32('a'), ...f32('b'), c: { dtype: 'U8', shape: [8], data_offsets: [8, 16] } },
          new Uint8Array(16),
        ),
        /overlap/,
      ],
      [
        'gap between tensors',
        rawFile({ a: { dtype: 'U8', shape: [4], data_offsets: [4, 8] } }, data8),
        /gap of 4 bytes before/,
      ],
      ['trailing bytes', rawFile(f32('a'), new Uint8Array(12)), /4 bytes after the last tensor/],
      [
        'metadata not strings',
        rawFile({ __metadata__: { a: 1 } }),
        /'__metadata__'.'a' must be a string, got number/,
      ],
      ['metadata not an object', rawFile({ __metadata__: 'x' }), /'__metadata__' must be an object/],
      [
        'bad checksum format',
        rawFile({ __metadata__: { 'udm.sha256': 'abc' } }),
        /not a lowercase hex SHA-256/,
      ],
      [
        'bool byte out of range',
        rawFile({ m: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, Uint8Array.from([1, 2])),
        /BOOL element 1 is 2/,
      ],
    ];
    for (const [label, bytes, message] of cases) {
      it(label, () => {
        expect(decodeError(bytes)).toMatch(message);
      });
    }
  });

  it('accepts a minimal hand-written file (no padding, no metadata)', () => {
    const data = new Uint8Array(Float32Array.from([1.5, -2]).buffer);
    const { tensors } = decodeSafetensors(rawFile(f32('w'), data));
    expect(Array.from(tensors['w']!.data as Float32Array)).toEqual([1.5, -2]);
  });
});
