/**
 * Interop with an independent reader/writer of the format in Python (struct + json; the Python
 * `safetensors` package is not assumed). Skipped, visibly, when no python3 is found; the torch
 * variant (torch.frombuffer) needs `import torch` to work (Debian python3-torch via /usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafetensorsTensor } from './dtype.js';
import { loadSafetensorsFile, saveSafetensorsFile } from './file.js';

function pythonWith(module: string): string | undefined {
  return ['/usr/bin/python3', 'python3'].find(
    (bin) => spawnSync(bin, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 60_000 }).status === 0,
  );
}

const python = pythonWith('json, struct, hashlib');
const torchPython = python === undefined ? undefined : pythonWith('torch');

function runPython(bin: string, script: string, ...args: string[]): string {
  const r = spawnSync(bin, ['-c', script, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const STRUCT_READER = String.raw`
import hashlib, json, struct, sys
raw = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
header = json.loads(raw[8:8 + n].decode('utf-8'))
data = raw[8 + n:]
meta = header.pop('__metadata__', {})
fmt = {'F64': 'd', 'F32': 'f', 'F16': 'e', 'I64': 'q', 'I32': 'i', 'I16': 'h', 'I8': 'b',
       'U64': 'Q', 'U32': 'I', 'U16': 'H', 'U8': 'B', 'BOOL': '?'}
out = {}
for name, e in header.items():
    b, end = e['data_offsets']
    count = 1
    for d in e['shape']:
        count *= d
    buf = data[b:end]
    if e['dtype'] == 'BF16':
        vals = [struct.unpack('<f', struct.pack('<I', h << 16))[0] for h in struct.unpack('<%dH' % count, buf)]
    else:
        vals = list(struct.unpack('<%d%s' % (count, fmt[e['dtype']]), buf))
    vals = [int(v) if isinstance(v, bool) else (str(v) if isinstance(v, int) and abs(v) > 2**53 else v) for v in vals]
    out[name] = {'dtype': e['dtype'], 'shape': e['shape'], 'values': vals}
print(json.dumps({'metadata': meta, 'tensors': out, 'sha256': hashlib.sha256(data).hexdigest(), 'aligned': (8 + n) % 8 == 0}))
`;

const STRUCT_WRITER = String.raw`
import json, struct, sys
tensors = [  # deliberately unaligned: a 3-byte tensor first
    ('bytes', 'U8', [3], struct.pack('<3B', 1, 2, 250)),
    ('weight', 'F32', [2, 2], struct.pack('<4f', 0.5, -1.5, 3.25, 1e-3)),
    ('big', 'I64', [2], struct.pack('<2q', -7, 2**40)),
    ('half', 'F16', [2], struct.pack('<2e', 1.5, -0.25)),
    ('flags', 'BOOL', [2], struct.pack('<2?', True, False)),
    ('double', 'F64', [1, 1], struct.pack('<d', 1.0 / 3.0)),
]
header, offset, data = {'__metadata__': {'source': 'python', 'format': 'pt'}}, 0, b''
for name, dtype, shape, raw in tensors:
    header[name] = {'dtype': dtype, 'shape': shape, 'data_offsets': [offset, offset + len(raw)]}
    offset += len(raw)
    data += raw
h = json.dumps(header).encode('utf-8')
h += b' ' * ((8 - len(h) % 8) % 8)
open(sys.argv[1], 'wb').write(struct.pack('<Q', len(h)) + h + data)
`;

const TORCH_READER = String.raw`
import json, struct, sys, torch
raw = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
header = json.loads(raw[8:8 + n].decode('utf-8'))
header.pop('__metadata__', None)
data = bytearray(raw[8 + n:])
dt = {'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16,
      'I64': torch.int64, 'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8, 'U8': torch.uint8, 'BOOL': torch.bool}
out = {}
for name, e in header.items():
    b, end = e['data_offsets']
    count = 1
    for d in e['shape']:
        count *= d
    t = torch.frombuffer(data, dtype=dt[e['dtype']], count=count, offset=b).reshape(e['shape']) if count else torch.empty(e['shape'])
    flat = t.flatten()
    if flat.is_floating_point():
        flat = flat.double()
    out[name] = {'shape': list(t.shape), 'values': [int(v) if isinstance(v, bool) else v for v in flat.tolist()]}
print(json.dumps(out))
`;

const written = (): Record<string, SafetensorsTensor> => ({
  f32: { dtype: 'F32', shape: [2, 3], data: Float32Array.from([0.1, -2, 3.5, 1e-30, 65504, -0.75]) },
  f64: { dtype: 'F64', shape: [2], data: Float64Array.from([Math.PI, -1e300]) },
  i64: { dtype: 'I64', shape: [3], data: BigInt64Array.from([-1n, 2n ** 40n, 2n ** 60n]) },
  i32: { dtype: 'I32', shape: [2], data: Int32Array.from([-(2 ** 31), 12345]) },
  f16: { dtype: 'F16', shape: [2], data: Uint16Array.from([0x3c00, 0xc000]) },
  bf16: { dtype: 'BF16', shape: [2], data: Uint16Array.from([0x3f80, 0x3f00]) },
  mask: { dtype: 'BOOL', shape: [3], data: Uint8Array.from([1, 0, 1]) },
  u8: { dtype: 'U8', shape: [2], data: Uint8Array.from([0, 255]) },
  empty: { dtype: 'F32', shape: [0], data: new Float32Array(0) },
});

/** The values a Python reader reports: floats as numbers, integers beyond 2^53 as strings. */
function expectedValues(t: SafetensorsTensor): Array<number | string> {
  if (t.dtype === 'F16') return [1, -2];
  if (t.dtype === 'BF16') return [1, 0.5];
  return Array.from(t.data as ArrayLike<number | bigint>, (v) =>
    typeof v === 'bigint' ? (v > 2n ** 53n || v < -(2n ** 53n) ? v.toString() : Number(v)) : v,
  );
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'udm-st-py-'));
  // Say which checks run: skipped interop tests are easy to overlook.
  console.info(
    `safetensors interop: python=${python ?? 'none (skipped)'}, torch=${torchPython ?? 'none (skipped)'}`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safetensors interop with Python', () => {
  it.skipIf(python === undefined)('a file written here is read by a Python struct parser', async () => {
    const path = join(dir, 'ts.safetensors');
    await saveSafetensorsFile(path, written(), { origin: 'udm' });
    const r = JSON.parse(runPython(python!, STRUCT_READER, path)) as {
      metadata: Record<string, string>;
      tensors: Record<string, { dtype: string; shape: number[]; values: Array<number | string> }>;
      sha256: string;
      aligned: boolean;
    };
    expect(r.aligned).toBe(true);
    expect(r.metadata['origin']).toBe('udm');
    expect(r.metadata['udm.sha256']).toBe(r.sha256);
    for (const [name, t] of Object.entries(written())) {
      expect(r.tensors[name]!.dtype, name).toBe(t.dtype);
      expect(r.tensors[name]!.shape, name).toEqual(t.shape);
      expect(r.tensors[name]!.values, name).toEqual(expectedValues(t));
    }
  });

  it.skipIf(python === undefined)('a file written by Python (unaligned layout) is read here', async () => {
    const path = join(dir, 'py.safetensors');
    runPython(python!, STRUCT_WRITER, path);
    const { tensors, metadata } = await loadSafetensorsFile(path);
    expect({ ...metadata }).toEqual({ source: 'python', format: 'pt' });
    expect(Array.from(tensors['bytes']!.data as Uint8Array)).toEqual([1, 2, 250]);
    expect(tensors['weight']!.shape).toEqual([2, 2]);
    expect(Array.from(tensors['weight']!.data as Float32Array)).toEqual([0.5, -1.5, 3.25, Math.fround(1e-3)]);
    expect(Array.from(tensors['big']!.data as BigInt64Array)).toEqual([-7n, 2n ** 40n]);
    expect(Array.from(tensors['half']!.data as Uint16Array)).toEqual([0x3e00, 0xb400]);
    expect(Array.from(tensors['flags']!.data as Uint8Array)).toEqual([1, 0]);
    expect(Array.from(tensors['double']!.data as Float64Array)).toEqual([1 / 3]);
  });

  it.skipIf(torchPython === undefined)('a file written here is read by torch.frombuffer', async () => {
    const path = join(dir, 'torch.safetensors');
    await saveSafetensorsFile(path, written());
    const r = JSON.parse(runPython(torchPython!, TORCH_READER, path)) as Record<
      string,
      { shape: number[]; values: Array<number | string> }
    >;
    for (const [name, t] of Object.entries(written())) {
      expect(r[name]!.shape, name).toEqual(t.shape);
      const expected = expectedValues(t).map((v) => (typeof v === 'string' ? Number(v) : v));
      expect(r[name]!.values.map(Number), name).toEqual(
        t.dtype === 'F32' ? expected.map(Math.fround) : expected,
      );
    }
  });
});
