import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSED_ADAM } from './fused-adam.js';
import { addon, maxRelError, skipReason, values } from './test-support/on-backends.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

/**
 * Trains a small two-layer net for `steps` Adam steps on `backend` (same data, same initial weights) and returns the
 * weights and both moment slots, as the checkpoint sees them (`getWeights`).
 */
async function adamRun(
  backend: string,
  steps: number,
  make: () => tf.Optimizer,
): Promise<{ weights: Record<string, Float32Array>; iterations: number; leaked: number }> {
  await tf.setBackend(backend);
  const w1 = tf.variable(tf.tensor(values(3 * 16, 1), [3, 16]), true, 'fa/w1');
  const b1 = tf.variable(tf.tensor(values(16, 2), [16]), true, 'fa/b1');
  const w2 = tf.variable(tf.tensor(values(16 * 2, 3), [16, 2]), true, 'fa/w2');
  const x = tf.tensor(values(64 * 3, 4), [64, 3]);
  const y = tf.tensor(values(64 * 2, 5), [64, 2]);
  const opt = make();
  const loss = () =>
    tf.losses.meanSquaredError(y, tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2)) as tf.Scalar;
  let before = 0;
  for (let s = 0; s < steps; s++) {
    if (s === 2) before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(loss);
    opt.applyGradients(grads);
    tf.dispose([value, grads]);
  }
  const leaked = tf.memory().numTensors - before;
  const saved = await opt.getWeights();
  const weights: Record<string, Float32Array> = {};
  for (const v of [w1, b1, w2]) weights[v.name] = Float32Array.from(await v.data());
  for (const s of saved.slice(1)) weights[s.name] = Float32Array.from(await s.tensor.data());
  const iterations = (await saved[0]!.tensor.data())[0]!;
  tf.dispose([w1, b1, w2, x, y, ...saved.map((s) => s.tensor)]);
  opt.dispose();
  return { weights, iterations, leaked };
}

describe.skipIf(!addon.ok)(`fused Adam on wasm + native${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    installNativeWasmKernels();
  });
  afterAll(() => uninstallNativeWasmKernels());

  it('registers the kernel on wasm only', () => {
    expect(tf.getKernel(FUSED_ADAM, 'wasm')).toBeDefined();
    expect(tf.getKernel(FUSED_ADAM, 'cpu')).toBeUndefined();
  });

  it('gives the weights and moments of tfjs Adam on the cpu backend (20 steps), with no leaked tensor', async () => {
    const make = () => tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const ref = await adamRun('cpu', 20, make);
    const fused = await adamRun('wasm', 20, make);
    expect(Object.keys(fused.weights).sort()).toEqual(Object.keys(ref.weights).sort());
    expect(Object.keys(ref.weights)).toContain('fa/w1/m');
    for (const [name, w] of Object.entries(ref.weights))
      expect(maxRelError(fused.weights[name]!, w), name).toBeLessThan(2e-5);
    expect(fused.iterations).toBe(20);
    expect(fused.leaked).toBe(0);
  });

  it('runs one fused kernel per variable instead of the elementwise kernels of tfjs Adam', async () => {
    await tf.setBackend('wasm');
    const w = tf.variable(tf.tensor(values(8, 7), [8]), true, 'fa/count');
    const opt = tf.train.adam(0.01);
    const g = tf.tensor(values(8, 8), [8]);
    const profile = await tf.profile(() => opt.applyGradients([{ name: 'fa/count', tensor: g }]));
    const names = profile.kernelNames;
    expect(names).toContain(FUSED_ADAM);
    expect(names).not.toContain('Sqrt');
    // β₁^t, β₂^t are multiplied on the host, as tfjs's float32 multiply rounds them.
    expect(names).not.toContain('Multiply');
    tf.dispose([w, g]);
    opt.dispose();
  });

  it('keeps β₁^t and β₂^t bit for bit as tfjs Adam does (200 steps)', async () => {
    const acc = async (backend: string): Promise<number[]> => {
      await tf.setBackend(backend);
      const w = tf.variable(tf.zeros([4]), true, `fa/acc-${backend}`);
      const g = tf.ones([4]);
      const opt = tf.train.adam(0.01, 0.9, 0.999);
      for (let s = 0; s < 200; s++) opt.applyGradients([{ name: w.name, tensor: g }]);
      const internals = opt as unknown as Record<'accBeta1' | 'accBeta2', tf.Variable>;
      const out = [internals.accBeta1.dataSync()[0]!, internals.accBeta2.dataSync()[0]!];
      tf.dispose([w, g]);
      opt.dispose();
      return out;
    };
    expect(await acc('wasm')).toEqual(await acc('cpu'));
  });

  it('falls back to tfjs Adam after uninstall, and runs again once reinstalled', async () => {
    uninstallNativeWasmKernels();
    expect(tf.getKernel(FUSED_ADAM, 'wasm')).toBeUndefined();
    const stock = await adamRun('wasm', 5, () => tf.train.adam(0.01));
    installNativeWasmKernels();
    const fused = await adamRun('wasm', 5, () => tf.train.adam(0.01));
    for (const [name, w] of Object.entries(stock.weights))
      expect(maxRelError(fused.weights[name]!, w), name).toBeLessThan(2e-5);
  });

  it('rejects mismatched lengths and bad params', () => {
    const f = (n: number) => new Float32Array(n);
    const a = addon.ok ? addon.addon : undefined;
    expect(() => a!.adam(f(4), f(4), f(4), f(3), f(4), f(4), f(4), new Float64Array(6))).toThrow(
      /one length/,
    );
    expect(() => a!.adam(f(4), f(4), f(4), f(4), f(4), f(4), f(4), new Float64Array(5))).toThrow(
      /Float64Array\(6\)/,
    );
  });
});
