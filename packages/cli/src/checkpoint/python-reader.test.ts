/**
 * The Python reader shipped in python/udm_checkpoint.py (numpy; `safetensors` when installed) returns θ, θ̄, the
 * optimizer state by parameter name and the config of a trained checkpoint, and its numpy port of the `mlp`
 * network (the two-moons model) reproduces the TypeScript network's outputs to 1e-5. Skipped, saying why, where
 * python3 or numpy is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { trainRun } from '../api/train-run.js';
import { loadCheckpoint } from './checkpoint-file.js';

const pythonDir = fileURLToPath(new URL('../../../../python/', import.meta.url));
const python = ['/usr/bin/python3', 'python3'].find(
  (bin) => spawnSync(bin, ['-c', 'import numpy'], { stdio: 'ignore', timeout: 60_000 }).status === 0,
);
const skip =
  python === undefined
    ? 'no python3 with numpy (Debian: python3-numpy, installed with python3-torch)'
    : undefined;
if (skip) console.info(`skipping the Python reader tests: ${skip}`);

await tf.setBackend('cpu');
const dir = mkdtempSync(join(tmpdir(), 'udm-py-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads the checkpoint with udm_checkpoint and evaluates the numpy MLP port on the given x and t. */
const SCRIPT = String.raw`
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
from udm_checkpoint import read_checkpoint, mlp_forward
ckpt = read_checkpoint(sys.argv[2])
query = json.loads(sys.stdin.read())
x = np.array(query["x"], dtype=np.float32).reshape(-1, 2)
t = np.array(query["t"], dtype=np.float32)
print(json.dumps({
  "config": ckpt["config"],
  "step": ckpt["state"]["step"],
  "params": {k: [list(v.shape), v.astype(np.float64).ravel().tolist()] for k, v in ckpt["params"].items()},
  "ema": sorted(ckpt["ema"].keys()),
  "optimizer": {k: {s: list(a.shape) for s, a in v.items()} for k, v in ckpt["optimizer"].items()},
  "iterations": None if ckpt["optimizer_iterations"] is None else float(ckpt["optimizer_iterations"]),
  "out_ema": mlp_forward(ckpt["ema"], ckpt["config"], x, t).astype(np.float64).ravel().tolist(),
  "out_raw": mlp_forward(ckpt["params"], ckpt["config"], x, t).astype(np.float64).ravel().tolist(),
}))
`;

describe.skipIf(skip !== undefined)('python/udm_checkpoint.py', () => {
  it('reads θ, θ̄, optimizer state by name and the config; its MLP port matches to 1e-5', async () => {
    const config = {
      seed: 6,
      data: { kind: 'two-moons', n: 400, heldOut: 100 },
      process: { kind: 'vp', T: 100 },
      network: { kind: 'mlp', hidden: [32, 32], timeEmbedding: 16 },
      posterior: { kind: 'epsilon' },
      train: { steps: 20, batchSize: 32, checkpointEvery: 20, ema: 0.9 },
      sample: { step: { kind: 'ddim' }, steps: 5, count: 10 },
    };
    const run = await trainRun({ config, outDir: dir, progress: 'quiet' });
    const x = Array.from({ length: 16 }, (_, i) => Math.sin(i * 1.7) * 1.5);
    const t = [0, 7, 19, 33, 50, 64, 88, 99];
    // θ̄ (trainRun loads the EMA) through the TypeScript network
    const ours = tf.tidy(() => run.udm.network.apply(tf.tensor2d(x, [8, 2]), tf.tensor1d(t)).dataSync());
    run.udm.dispose();
    const r = spawnSync(python!, ['-c', SCRIPT, pythonDir, run.checkpoint], {
      input: JSON.stringify({ x, t }),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const py = JSON.parse(r.stdout) as {
      config: unknown;
      step: number;
      params: Record<string, [number[], number[]]>;
      ema: string[];
      optimizer: Record<string, Record<string, number[]>>;
      iterations: number | null;
      out_ema: number[];
      out_raw: number[];
    };
    const loaded = await loadCheckpoint(run.checkpoint);
    try {
      expect(py.config).toEqual(loaded.config);
      expect(py.step).toBe(20);
      const names = [...loaded.snapshot.params.keys()].sort();
      expect(Object.keys(py.params).sort()).toEqual(names);
      expect(py.ema).toEqual(names);
      for (const [name, tensor] of loaded.snapshot.params) {
        expect(py.params[name]![0]).toEqual(tensor.shape);
        expect(py.params[name]![1]).toEqual(Array.from(tensor.dataSync()));
      }
      // Adam: a first and a second moment per parameter, shaped like it, found by the parameter's name
      expect(Object.keys(py.optimizer).sort()).toEqual(names);
      for (const name of names)
        expect(py.optimizer[name]).toEqual({ m: py.params[name]![0], v: py.params[name]![0] });
      expect(py.iterations).toBe(20);
    } finally {
      loaded.dispose();
    }
    expect(py.out_ema).toHaveLength(16);
    let worst = 0;
    py.out_ema.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ours[i]!))));
    console.info(`numpy MLP port vs TypeScript: max |Δ| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-5);
    // θ and θ̄ differ, and the port tells them apart
    expect(py.out_raw).not.toEqual(py.out_ema);
  });
});
