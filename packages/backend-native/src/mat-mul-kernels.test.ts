import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addon, expectSameAsCpu, skipReason, tensor } from './test-support/on-backends.js';
import { NATIVE_KERNEL_FACTORIES } from './native-kernels.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

describe.skipIf(!addon.ok)(`native matMul kernels on wasm${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    expect(installNativeWasmKernels()).toEqual(Object.keys(NATIVE_KERNEL_FACTORIES));
  });
  afterAll(() => uninstallNativeWasmKernels());

  const flags: Array<[boolean, boolean]> = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  // [a shape before transposition, b shape before transposition] as [..., rows, cols] with m=5, k=7, n=3.
  const shapes = (ta: boolean, tb: boolean): Array<[number[], number[]]> => {
    const a = (batch: number[]): number[] => [...batch, ...(ta ? [7, 5] : [5, 7])];
    const b = (batch: number[]): number[] => [...batch, ...(tb ? [3, 7] : [7, 3])];
    return [
      [a([]), b([])],
      [a([4]), b([4])],
      [a([4]), b([])],
      [a([]), b([4])],
    ];
  };

  for (const [ta, tb] of flags) {
    it(`matMul equals cpu, transposeA=${ta} transposeB=${tb}, with batch dimensions`, async () => {
      for (const [sa, sb] of shapes(ta, tb)) {
        await expectSameAsCpu(() => tf.matMul(tensor(sa, 1), tensor(sb, 2), ta, tb));
      }
    });
  }

  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
    it(`fused matMul + bias + ${activation} equals cpu (rank 2 and batched, bias [n] and [1])`, async () => {
      for (const [sa, sb, bias] of [
        [[5, 7], [7, 3], [3]],
        [[4, 5, 7], [4, 7, 3], [3]],
        [[4, 5, 7], [7, 3], [1]],
      ] as Array<[number[], number[], number[]]>) {
        await expectSameAsCpu(() =>
          tf.fused.matMul({
            a: tensor(sa, 3),
            b: tensor(sb, 4),
            bias: tensor(bias, 5),
            activation,
            leakyreluAlpha: 0.3,
          }),
        );
      }
    });
  }

  it('fused matMul with prelu falls back to the wasm kernel and still equals cpu', async () => {
    await expectSameAsCpu(() =>
      tf.fused.matMul({
        a: tensor([5, 7], 6),
        b: tensor([7, 3], 7),
        bias: tensor([3], 8),
        activation: 'prelu',
        preluActivationWeights: tensor([3], 9),
      }),
    );
  });

  it('gradients of a fused dense layer equal cpu', async () => {
    await expectSameAsCpu(() => {
      const f = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor): tf.Tensor =>
        tf.sum(
          tf.square(tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation: 'relu' })),
        );
      return tf.grads(f)([tensor([6, 4], 10), tensor([4, 5], 11), tensor([5], 12)]);
    });
  });

  it('leaks no tensor and no wasm buffer', async () => {
    await tf.setBackend('wasm');
    const a = tensor([3, 8, 6], 14);
    const b = tensor([6, 4], 15);
    const bias = tensor([4], 16);
    const step = (): void => {
      tf.tidy(() => {
        tf.grads((x: tf.Tensor) =>
          tf.sum(tf.fused.matMul({ a: x as tf.Tensor3D, b: b as tf.Tensor2D, bias })),
        )([a]);
        tf.matMul(a, b, false, false).dataSync();
      });
    };
    step();
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    tf.dispose([a, b, bias]);
  });

  it('rejects mismatched inner dimensions with both shapes in the message', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.tidy(() => tf.matMul(tensor([5, 7], 1), tensor([6, 3], 2)))).toThrow(/7.*6|inner/);
  });
});
