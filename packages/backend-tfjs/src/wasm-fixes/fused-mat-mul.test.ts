import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { installWasmFixes, uninstallWasmFixes } from '../install-wasm-fixes.js';
import { backendBuffers, cpuVsWasm, seededTensor } from '../test-support/backends.js';
import { useWasmWithFixes } from '../test-support/wasm-suite.js';

useWasmWithFixes();

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;

function fused(
  ta: boolean,
  tb: boolean,
  ba: number,
  bb: number,
  activation: (typeof ACTIVATIONS)[number],
  withBias = true,
): tf.Tensor {
  const [m, k, n] = [64, 32, 48];
  return tf.fused.matMul({
    a: seededTensor([ba, ta ? k : m, ta ? m : k], 1),
    b: seededTensor([bb, tb ? n : k, tb ? k : n], 2),
    transposeA: ta,
    transposeB: tb,
    bias: withBias ? seededTensor([n], 3) : undefined,
    activation,
    preluActivationWeights: activation === 'prelu' ? seededTensor([n], 4, 0.5) : undefined,
    leakyreluAlpha: 0.3,
  });
}

describe('fixed _FusedMatMul on wasm', () => {
  it('stock wasm adds the bias wrongly on its slow path (why this fix exists)', async () => {
    uninstallWasmFixes();
    try {
      expect(await cpuVsWasm(() => fused(false, false, 2, 2, 'linear'))).toBeGreaterThan(0.01);
      expect(await cpuVsWasm(() => fused(false, true, 1, 1, 'linear'))).toBeGreaterThan(0.01);
    } finally {
      installWasmFixes();
    }
  });

  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    for (const [ba, bb] of [
      [1, 1],
      [2, 1],
      [2, 2],
    ] as const) {
      it(`matches cpu with bias and every activation: transposeA=${ta} transposeB=${tb} batch ${ba}×${bb}`, async () => {
        for (const activation of ACTIVATIONS) {
          const err = await cpuVsWasm(() => [
            fused(ta, tb, ba, bb, activation),
            fused(ta, tb, ba, bb, activation, false),
          ]);
          expect(err, activation).toBeLessThan(1e-5);
        }
      });
    }
  }

  it('gradients through fused matMul (bias + relu, batched) match cpu', async () => {
    const err = await cpuVsWasm(() => {
      const a = seededTensor([2, 16, 8], 1);
      const b = seededTensor([2, 8, 12], 2);
      const bias = seededTensor([12], 3);
      const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
        tf.fused
          .matMul({
            a: x as tf.Tensor3D,
            b: w as tf.Tensor3D,
            bias: c,
            activation: 'relu',
            transposeB: false,
          })
          .square()
          .sum();
      return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([a, b, bias]);
    });
    expect(err).toBeLessThan(1e-4);
  });

  it('does not leak backend buffers', () => {
    tf.dispose(tf.tidy(() => fused(true, false, 2, 2, 'relu')));
    const tensors = tf.memory().numTensors;
    const buffers = backendBuffers();
    for (let i = 0; i < 3; i++) {
      tf.dispose(
        tf.tidy(() => [
          fused(true, false, 2, 2, 'prelu'),
          fused(false, true, 2, 1, 'elu'),
          fused(false, false, 2, 2, 'sigmoid'),
        ]),
      );
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendBuffers()).toBe(buffers);
  });
});
