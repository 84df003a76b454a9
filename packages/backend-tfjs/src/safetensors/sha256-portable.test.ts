import { describe, expect, it } from 'vitest';
import { decodeSafetensorsPortable } from './decode-portable.js';
import { encodeSafetensors } from './encode-node.js';
import { encodeSafetensorsPortable } from './encode-portable.js';
import { sha256Hex } from './sha256-node.js';
import { sha256HexPortable } from './sha256-portable.js';

describe('portable SHA-256 (browser)', () => {
  it("equals Node's crypto on empty, short and multi-block inputs", () => {
    for (const n of [0, 3, 55, 56, 64, 1000, 65_537]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(sha256HexPortable(bytes)).toBe(sha256Hex(bytes));
    }
  });

  it('verifies the udm.sha256 checksum when decoding, and rejects corrupted data', () => {
    const bytes = encodeSafetensors(
      { w: { dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) } },
      {},
      { checksum: true },
    );
    expect(decodeSafetensorsPortable(bytes).tensors['w']!.data).toEqual(Float32Array.of(1, 2));
    const corrupted = bytes.slice();
    const last = corrupted.length - 1;
    corrupted[last] = corrupted[last]! ^ 1;
    expect(() => decodeSafetensorsPortable(corrupted)).toThrow(/checksum mismatch/);
  });

  it('encodes with the checksums hashed in plain JavaScript, byte for byte as with Node crypto', () => {
    const tensors = {
      w: { dtype: 'F32' as const, shape: [3], data: Float32Array.of(1, -2, 0.5) },
      n: { dtype: 'I32' as const, shape: [], data: Int32Array.of(7) },
    };
    const portable = encodeSafetensorsPortable(tensors, { 'udm.x': 'y' }, { checksum: true });
    expect(portable).toEqual(encodeSafetensors(tensors, { 'udm.x': 'y' }, { checksum: true }));
    expect(decodeSafetensorsPortable(portable).metadata['udm.x']).toBe('y');
  });
});
