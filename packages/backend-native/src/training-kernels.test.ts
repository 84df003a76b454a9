import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNativeLever } from './levers.js';
import { addon, on, skipReason, tensor } from './test-support/on-backends.js';
import { EMA_UPDATE, SUM_OF_SQUARES } from './training-kernels.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

const shapes = [[34, 128], [128], [128, 2], [2], []];
const make = (seed: number) => shapes.map((s, i) => tf.mul(tensor(s, seed + i), 3 + i));

describe.skipIf(!addon.ok)(`UdmEmaUpdate and UdmSumOfSquares on wasm + native${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    installNativeWasmKernels();
    // Off by default (not measured faster); switched on to check them.
    setNativeLever('fused-ema', true);
    setNativeLever('fused-grad-norm', true);
  });
  afterAll(() => uninstallNativeWasmKernels());

  for (const decay of [0.995, 0.1, 0.9999, 0])
    it(`the EMA update (d = ${decay}) is bit for bit the composed float32 mul, mul, add`, async () => {
      const fused = await on('wasm', () => {
        const [s, v] = [make(1), make(10)];
        const inputs: tf.NamedTensorMap = {};
        s.forEach((x, i) => {
          inputs[`shadow${i}`] = x;
          inputs[`value${i}`] = v[i]!;
        });
        return tf.engine().runKernel(EMA_UPDATE, inputs, { decay }) as tf.Tensor[];
      });
      // The same backend with the stock kernels (the native Multiply/Add stay: they are what ran before).
      const ref = await on('wasm', () => {
        const [s, v] = [make(1), make(10)];
        return s.map((x, i) => tf.add(tf.mul(x, decay), tf.mul(v[i]!, 1 - decay)));
      });
      expect(fused.length).toBe(shapes.length);
      fused.forEach((a, i) => expect(Array.from(a), `variable ${i}`).toEqual(Array.from(ref[i]!)));
    });

  it('Σ g² over every gradient equals the float64 sum, and the composed ops within float32 rounding', async () => {
    const [fused] = await on('wasm', () => {
      const inputs: tf.NamedTensorMap = {};
      make(3).forEach((g, i) => (inputs[`g${i}`] = g));
      return tf.engine().runKernel(SUM_OF_SQUARES, inputs) as tf.Tensor;
    });
    const host = await on('wasm', () => make(3));
    let exact = 0;
    for (const a of host) for (const x of a) exact += x * x;
    expect(fused![0]).toBe(Math.fround(exact));
    const [composed] = await on('wasm', () => tf.addN(make(3).map((g) => tf.sum(tf.square(g)))));
    expect(Math.abs(composed![0]! - exact) / exact).toBeLessThan(1e-6);
  });

  it('rejects mismatched EMA pairs naming them; leaks no tensors; switches off as levers', async () => {
    await tf.setBackend('wasm');
    const [a, b] = [tf.zeros([3]), tf.zeros([4])];
    expect(() => tf.engine().runKernel(EMA_UPDATE, { shadow0: a, value0: b }, { decay: 0.5 })).toThrow(
      /shadow0 \[3\] and value0 \[4\] differ/,
    );
    const before = tf.memory().numTensors;
    tf.dispose(tf.engine().runKernel(EMA_UPDATE, { shadow0: a, value0: a }, { decay: 0.5 }) as tf.Tensor[]);
    tf.dispose(tf.engine().runKernel(SUM_OF_SQUARES, { g0: a, g1: b }) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
    setNativeLever('fused-ema', false);
    setNativeLever('fused-grad-norm', false);
    expect(tf.getKernel(EMA_UPDATE, 'wasm')).toBeUndefined();
    expect(tf.getKernel(SUM_OF_SQUARES, 'wasm')).toBeUndefined();
    setNativeLever('fused-ema', true);
    setNativeLever('fused-grad-norm', true);
    expect(tf.getKernel(EMA_UPDATE, 'wasm')).toBeDefined();
  });
});
