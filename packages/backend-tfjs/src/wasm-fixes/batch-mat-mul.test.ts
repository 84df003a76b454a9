import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendBuffers, cpuVsWasm, seededTensor } from '../test-support/backends.js';
import { useWasmWithFixes } from '../test-support/wasm-suite.js';

useWasmWithFixes();

const FLAGS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;
const BATCHES = [
  [1, 1],
  [3, 1],
  [1, 3],
  [3, 3],
] as const;

describe('fixed BatchMatMul on wasm', () => {
  for (const [ta, tb] of FLAGS) {
    for (const [ba, bb] of BATCHES) {
      it(`matches cpu: transposeA=${ta} transposeB=${tb} batch ${ba}×${bb}`, async () => {
        const [m, k, n] = [33, 70, 19];
        const err = await cpuVsWasm(() => {
          const a = seededTensor([ba, ta ? k : m, ta ? m : k], 1);
          const b = seededTensor([bb, tb ? n : k, tb ? k : n], 2);
          return tf.matMul(a, b, ta, tb);
        });
        expect(err).toBeLessThan(1e-5);
      });
    }
  }

  it('matches cpu for rank-2 inputs with flags', async () => {
    const err = await cpuVsWasm(() => [
      tf.matMul(
        seededTensor([40, 30], 1) as tf.Tensor2D,
        seededTensor([50, 40], 2) as tf.Tensor2D,
        true,
        true,
      ),
      tf.matMul(
        seededTensor([30, 40], 3) as tf.Tensor2D,
        seededTensor([50, 40], 4) as tf.Tensor2D,
        false,
        true,
      ),
    ]);
    expect(err).toBeLessThan(1e-5);
  });

  it('gradients of a small MLP match cpu', async () => {
    const err = await cpuVsWasm(() => {
      const x = seededTensor([64, 3], 5);
      const y = seededTensor([64, 2], 6);
      const params = [
        seededTensor([3, 32], 7, 0.8),
        seededTensor([32], 8, 0.1),
        seededTensor([32, 32], 9, 0.3),
        seededTensor([32], 10, 0.1),
        seededTensor([32, 2], 11, 0.3),
      ];
      const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor, w3: tf.Tensor) => {
        const h1 = tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, w1 as tf.Tensor2D), b1));
        const h2 = tf.tanh(tf.add(tf.matMul(h1 as tf.Tensor2D, w2 as tf.Tensor2D), b2));
        return tf.losses.meanSquaredError(y, tf.matMul(h2 as tf.Tensor2D, w3 as tf.Tensor2D));
      };
      return tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)(params);
    });
    expect(err).toBeLessThan(1e-4);
  });

  it('does not leak tensors or backend buffers across repeated calls', () => {
    const a = seededTensor([64, 48], 1);
    const b = seededTensor([64, 32], 2);
    const step = () =>
      tf.tidy(() =>
        tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q, true, false).square().sum())([a, b]),
      );
    tf.dispose(step());
    const tensors = tf.memory().numTensors;
    const buffers = backendBuffers();
    for (let i = 0; i < 5; i++) tf.dispose(step());
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendBuffers()).toBe(buffers);
    tf.dispose([a, b]);
  });
});
