import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendBuffers, cpuVsWasm, seededTensor } from '../test-support/backends.js';
import { useWasmWithFixes } from '../test-support/wasm-suite.js';

useWasmWithFixes();

describe('UnsortedSegmentSum on wasm', () => {
  it('matches cpu, with ids out of range and rank-3 data', async () => {
    const err = await cpuVsWasm(() => [
      tf.unsortedSegmentSum(seededTensor([6, 4], 1), tf.tensor1d([0, 2, 2, -1, 5, 1], 'int32'), 4),
      tf.unsortedSegmentSum(seededTensor([4, 3, 5], 2), tf.tensor1d([2, 0, 2, 1], 'int32'), 3),
      tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([1, 1, 0], 'int32'), 2),
    ]);
    expect(err).toBeLessThan(1e-6);
  });

  it('embedding (tf.gather) gradients match cpu and leak nothing', async () => {
    const grads = () =>
      tf.grads((table: tf.Tensor) =>
        tf
          .gather(
            table,
            tf.tensor2d(
              [
                [3, 1, 3],
                [0, 9, 3],
              ],
              [2, 3],
              'int32',
            ),
          )
          .square()
          .sum(),
      )([seededTensor([10, 8], 3)]);
    expect(await cpuVsWasm(grads)).toBeLessThan(1e-6);
    tf.dispose(tf.tidy(grads));
    const [tensors, buffers] = [tf.memory().numTensors, backendBuffers()];
    tf.dispose(tf.tidy(grads));
    expect([tf.memory().numTensors, backendBuffers()]).toEqual([tensors, buffers]);
  });
});
