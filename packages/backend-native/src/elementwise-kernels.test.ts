import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastPlan } from './binary-kernels.js';
import { sumPasses } from './sum-kernel.js';
import { addon, expectSameAsCpu, skipReason, tensor } from './test-support/on-backends.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

describe('reduction and broadcast plans', () => {
  it('splits a sum into [outer, reduce, inner] passes, innermost block first', () => {
    expect(sumPasses([2, 3, 4, 5], [1, 3])).toEqual([
      { outer: 24, reduce: 5, inner: 1 },
      { outer: 2, reduce: 3, inner: 4 },
    ]);
    expect(sumPasses([4, 6], [0])).toEqual([{ outer: 1, reduce: 4, inner: 6 }]);
  });

  it('merges dimensions of the same broadcast pattern', () => {
    const { outShape, plan } = broadcastPlan([2, 3, 4, 5], [2, 1, 1, 5]);
    expect(outShape).toEqual([2, 3, 4, 5]);
    // dims [2, 12, 5]; a strides [60, 5, 1]; b strides [5, 0, 1].
    expect(Array.from(plan)).toEqual([3, 2, 12, 5, 60, 5, 1, 5, 0, 1]);
  });
});

describe.skipIf(!addon.ok)(`native Sum and broadcasting binary kernels on wasm${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    installNativeWasmKernels();
  });
  afterAll(() => uninstallNativeWasmKernels());

  it('sum over leading, trailing, middle and separated axes equals cpu', async () => {
    for (const [axis, keepDims] of [
      [0, false],
      [[0, 1], true],
      [2, false],
      [[1, 2], false],
      [1, true],
      [[0, 2], false],
      [[0, 1, 2], false],
    ] as Array<[number | number[], boolean]>) {
      await expectSameAsCpu(() => tf.sum(tensor([4, 6, 5], 13), axis, keepDims));
      await expectSameAsCpu(() => tf.sum(tensor([2, 3, 4, 5], 14), [1, 3], keepDims));
    }
  });

  for (const [name, op] of [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', tf.div],
  ] as const) {
    it(`${name} with broadcasting equals cpu`, async () => {
      for (const [sa, sb] of [
        [
          [2, 3, 4, 5],
          [2, 1, 1, 5],
        ],
        [[4, 5], [5]],
        [
          [3, 1],
          [1, 4],
        ],
        [[1], [3, 4]],
        [
          [3, 4],
          [3, 4],
        ],
      ] as Array<[number[], number[]]>) {
        // Divisors kept away from 0.
        await expectSameAsCpu(() =>
          op(tensor(sa, 1), name === 'div' ? tf.add(tf.abs(tensor(sb, 2)), 0.5) : tensor(sb, 2)),
        );
      }
    });
  }

  it('clone and same-dtype cast share the data: values survive disposing the source, nothing leaks', async () => {
    await tf.setBackend('wasm');
    const buffers = tf.engine().backend.numDataIds();
    const a = tf.tensor1d([1, 2, 3]);
    const b = a.clone();
    const c = tf.cast(a, 'float32');
    const d = tf.cast(a, 'int32');
    expect(tf.engine().backend.numDataIds()).toBe(buffers + 2); // a (shared by b, c) and d
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3]);
    expect(d.dtype).toBe('int32');
    tf.dispose([b, c, d]);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
  });
});
