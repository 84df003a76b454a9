/**
 * A checkpoint written by `udm train` is read back in Python: with the `safetensors` package (and numpy or torch)
 * when /usr/bin/python3 has them, else with torch.frombuffer over the format's JSON header (Debian's python3-torch),
 * else with a standard-library parser (header length, JSON header, little-endian float32 data). The reader used is
 * printed; skipped, visibly, when no python3 is found.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainRun } from '../api/train-run.js';
import { loadCheckpoint } from './checkpoint-file.js';

function findPython(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find(
    (bin) => spawnSync(bin, ['-c', 'import json, struct'], { stdio: 'ignore', timeout: 60_000 }).status === 0,
  );
}

const python = findPython();

/** Prints {reader, metadata, tensors: {name: {dtype, shape, values}}} as JSON. */
const READER = String.raw`
import json, struct, sys
path = sys.argv[1]
raw = open(path, 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
header = json.loads(raw[8:8 + n].decode('utf-8'))
meta = header.pop('__metadata__', {})
out, reader = {}, 'struct'
try:
    from safetensors import safe_open
    try:
        import torch
        framework = 'pt'
    except ImportError:
        import numpy
        framework = 'numpy'
    with safe_open(path, framework=framework) as f:
        for name in f.keys():
            t = f.get_tensor(name)
            out[name] = {'dtype': header[name]['dtype'], 'shape': list(t.shape), 'values': [float(v) for v in t.flatten().tolist()]}
    reader = 'safetensors+' + framework
except ImportError:
    data = raw[8 + n:]
    try:
        import torch
        reader = 'torch.frombuffer'
    except ImportError:
        torch = None
    for name, e in header.items():
        b, end = e['data_offsets']
        count = (end - b) // 4
        if torch is not None:
            t = torch.frombuffer(bytearray(data[b:end]), dtype=torch.float32).reshape(e['shape'])
            values = [float(v) for v in t.flatten().tolist()]
            shape = list(t.shape)
        else:
            values = list(struct.unpack('<%df' % count, data[b:end]))
            shape = e['shape']
        out[name] = {'dtype': e['dtype'], 'shape': shape, 'values': values}
print(json.dumps({'reader': reader, 'metadata': meta, 'tensors': out}))
`;

interface PythonView {
  reader: string;
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>;
}

const dir = mkdtempSync(join(tmpdir(), 'udm-ckpt-py-'));
beforeAll(() => {
  console.info(`checkpoint read by Python: ${python ?? 'no python3 found (skipped)'}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkpoints in Python', () => {
  it.skipIf(python === undefined)(
    'python3 reads θ, the EMA weights and the config of a trained checkpoint',
    async () => {
      const config = {
        seed: 8,
        data: { kind: 'two-moons', n: 300, heldOut: 100 },
        process: { kind: 'vp', T: 20 },
        network: { kind: 'mlp', hidden: [8], timeEmbedding: 4 },
        posterior: { kind: 'epsilon' },
        train: { steps: 5, batchSize: 16, checkpointEvery: 5, ema: 0.5 },
        sample: { step: { kind: 'ddim' }, steps: 5, count: 10 },
      };
      const run = await trainRun({ config, outDir: dir, progress: 'quiet' });
      run.udm.dispose();
      const r = spawnSync(python!, ['-c', READER, run.checkpoint], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const py = JSON.parse(r.stdout) as PythonView;
      console.info(`checkpoint read by Python with ${py.reader}`);
      const ours = await loadCheckpoint(run.checkpoint);
      try {
        expect(JSON.parse(py.metadata['udm.config']!)).toEqual(ours.config);
        expect(JSON.parse(py.metadata['udm.state']!).step).toBe(5);
        const params = [...ours.snapshot.params];
        const ema = [...ours.snapshot.ema!];
        expect(params.length).toBeGreaterThan(0);
        expect(ema.map(([n]) => n)).toEqual(params.map(([n]) => n));
        for (const [prefix, tensors] of [
          ['params.', params],
          ['ema.', ema],
        ] as const) {
          for (const [name, t] of tensors) {
            const p = py.tensors[prefix + name]!;
            expect(p, prefix + name).toBeDefined();
            expect(p.dtype).toBe('F32');
            expect(p.shape).toEqual(t.shape);
            expect(p.values).toEqual(Array.from(t.dataSync()));
          }
        }
        // the EMA is its own set of weights, not a copy of θ
        const name = params[0]![0];
        expect(py.tensors[`ema.${name}`]!.values).not.toEqual(py.tensors[`params.${name}`]!.values);
      } finally {
        ours.dispose();
      }
    },
  );
});
