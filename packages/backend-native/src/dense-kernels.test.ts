import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DENSE, DENSE_ACTIVATIONS, type DenseActivation } from './dense-kernels.js';
import { setNativeLever } from './levers.js';
import {
  addon,
  expectFiniteDifferences,
  maxRelError,
  on,
  skipReason,
  tensor,
} from './test-support/on-backends.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

const composed = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, act: DenseActivation): tf.Tensor => {
  const z = tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
  return act === 'relu' ? tf.relu(z) : act === 'silu' ? tf.mul(z, tf.sigmoid(z)) : z;
};
const fused = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, act: DenseActivation): tf.Tensor =>
  (tf.engine().runKernel(DENSE, { x, w, b }, { activation: act }) as tf.Tensor[])[0]!;

/** Σ y·r for a fixed r, so every output entry gets its own gradient. */
const weighted = (y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(y, tensor(y.shape, 9)));

describe.skipIf(!addon.ok)(`fused dense layer on wasm + native${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    installNativeWasmKernels();
    setNativeLever('dense-activation', true); // off by default
  });
  afterAll(() => uninstallNativeWasmKernels());

  for (const act of Object.keys(DENSE_ACTIVATIONS) as DenseActivation[])
    for (const [m, k, n] of [
      [33, 7, 19],
      [1, 3, 2],
      [64, 130, 5],
    ] as Array<[number, number, number]>)
      it(`${act}, [${m}, ${k}]·[${k}, ${n}]: y and (dx, dW, db) equal the composed ops on cpu`, async () => {
        const run = (f: typeof fused) => () => {
          const x = tf.mul(tensor([m, k], 1), 2);
          const w = tensor([k, n], 2);
          const b = tensor([n], 3);
          return [
            f(x, w, b, act),
            ...tf.grads((a: tf.Tensor, v: tf.Tensor, c: tf.Tensor) => weighted(f(a, v, c, act)))([x, w, b]),
          ];
        };
        const got = await on('wasm', run(fused));
        const want = await on('cpu', run(composed));
        got.forEach((g, i) =>
          expect(maxRelError(g, want[i]!), ['y', 'dx', 'dW', 'db'][i]).toBeLessThan(5e-5),
        );
      });

  it('the silu gradient agrees with central finite differences', async () => {
    await tf.setBackend('wasm');
    const x = tensor([6, 4], 4);
    const w = tensor([4, 3], 5);
    const b = tensor([3], 6);
    const loss = (a: tf.Tensor, v: tf.Tensor, c: tf.Tensor) => weighted(fused(a, v, c, 'silu'));
    expectFiniteDifferences(loss, [x, w, b], ['x', 'W', 'b']);
    tf.dispose([x, w, b]);
  });

  it('trains without leaking tensors, and the lever switches the kernels off and on', async () => {
    await tf.setBackend('wasm');
    const w = tf.variable(tensor([5, 4], 7), true, 'dk/w');
    const b = tf.variable(tf.zeros([4]), true, 'dk/b');
    const x = tensor([16, 5], 8);
    const opt = tf.train.sgd(0.05);
    let before = 0;
    for (let s = 0; s < 5; s++) {
      if (s === 2) before = tf.memory().numTensors;
      opt.minimize(() => tf.mean(tf.square(fused(x, w, b, 'silu'))) as tf.Scalar)?.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, b, x]);
    opt.dispose();
    setNativeLever('dense-activation', false);
    expect(tf.getKernel(DENSE, 'wasm')).toBeUndefined();
    setNativeLever('dense-activation', true);
    expect(tf.getKernel(DENSE, 'wasm')).toBeDefined();
  });

  it('the addon rejects bad dims and short arrays, naming the function', () => {
    const a = addon.ok ? addon.addon : undefined!;
    const f = (n: number) => new Float32Array(n);
    expect(() => a.dense(Int32Array.from([2, 3, 4, 7]), f(6), f(12), f(4), f(8), f(8))).toThrow(
      /dense: expected/,
    );
    expect(() => a.dense(Int32Array.from([2, 3, 4, 0]), f(5), f(12), f(4), f(8), null)).toThrow(
      /long enough/,
    );
    expect(() => a.dense(Int32Array.from([2, 3, 4, 2]), f(6), f(12), f(4), f(8), null)).toThrow(
      /silu needs z/,
    );
  });
});
