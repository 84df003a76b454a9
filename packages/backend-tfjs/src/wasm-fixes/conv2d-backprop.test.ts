import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendBuffers, cpuVsWasm, seededTensor } from '../test-support/backends.js';
import { useWasmWithFixes } from '../test-support/wasm-suite.js';

useWasmWithFixes();

type Pad = 'same' | 'valid';

/** A small conv net's loss gradients w.r.t. the input and both filters and biases. */
function convNetGrads(stride: number, pad: Pad, size: number): tf.Tensor[] {
  const x = seededTensor([2, size, size, 3], 1);
  const params = [
    x,
    seededTensor([3, 3, 3, 4], 2, 0.5),
    seededTensor([4], 3, 0.1),
    seededTensor([3, 3, 4, 5], 4, 0.5),
  ];
  const loss = (input: tf.Tensor, f1: tf.Tensor, b1: tf.Tensor, f2: tf.Tensor) => {
    const h = tf.relu(tf.add(tf.conv2d(input as tf.Tensor4D, f1 as tf.Tensor4D, stride, pad), b1));
    return tf
      .conv2d(h as tf.Tensor4D, f2 as tf.Tensor4D, stride, pad)
      .square()
      .mean();
  };
  return tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)(params);
}

describe('Conv2DBackpropFilter and Conv2DBackpropInput on wasm', () => {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const size of [9, 10]) {
        it(`conv net gradients match cpu: stride ${stride}, '${pad}', ${size}×${size}`, async () => {
          expect(await cpuVsWasm(() => convNetGrads(stride, pad, size))).toBeLessThan(1e-4);
        });
      }
    }
  }

  const kernelCases: Array<{
    name: string;
    x: number[];
    filter: [number, number, number, number];
    strides: [number, number];
    pad: 'same' | 'valid' | number | Array<[number, number]>;
    dataFormat?: 'NHWC' | 'NCHW';
  }> = [
    {
      name: 'non-square filter, stride 2×3, same',
      x: [2, 11, 13, 3],
      filter: [5, 3, 3, 4],
      strides: [2, 3],
      pad: 'same',
    },
    {
      name: 'stride 3, valid, input not covered',
      x: [1, 10, 10, 2],
      filter: [2, 2, 2, 3],
      strides: [3, 3],
      pad: 'valid',
    },
    { name: 'numeric padding 1', x: [2, 6, 7, 3], filter: [3, 3, 3, 2], strides: [1, 1], pad: 1 },
    {
      name: 'explicit padding',
      x: [2, 6, 7, 3],
      filter: [3, 2, 3, 2],
      strides: [2, 1],
      pad: [
        [0, 0],
        [2, 0],
        [1, 3],
        [0, 0],
      ],
    },
    { name: 'NCHW', x: [2, 3, 8, 9], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same', dataFormat: 'NCHW' },
  ];
  for (const c of kernelCases) {
    it(`kernels match cpu: ${c.name}`, async () => {
      const format = c.dataFormat ?? 'NHWC';
      const nhwc = format === 'NHWC' ? c.x : [c.x[0]!, c.x[2]!, c.x[3]!, c.x[1]!];
      const info = tf.backend_util.computeConv2DInfo(
        nhwc as [number, number, number, number],
        c.filter,
        c.strides,
        1,
        c.pad as 'same',
      );
      const dyShape =
        format === 'NHWC'
          ? info.outShape
          : [info.outShape[0], info.outShape[3], info.outShape[1], info.outShape[2]];
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: format };
      const err = await cpuVsWasm(() => [
        tf
          .engine()
          .runKernel('Conv2DBackpropFilter', { x: seededTensor(c.x, 1), dy: seededTensor(dyShape, 2) }, {
            ...attrs,
            filterShape: c.filter,
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy: seededTensor(dyShape, 2), filter: seededTensor(c.filter, 3) },
            {
              ...attrs,
              inputShape: c.x,
            } as unknown as tf.NamedAttrMap,
          ) as tf.Tensor,
      ]);
      expect(err).toBeLessThan(1e-5);
    });
  }

  it('does not leak tensors or backend buffers across repeated gradient calls', () => {
    tf.dispose(tf.tidy(() => convNetGrads(2, 'same', 9)));
    const tensors = tf.memory().numTensors;
    const buffers = backendBuffers();
    for (let i = 0; i < 3; i++) tf.dispose(tf.tidy(() => convNetGrads(2, 'same', 9)));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendBuffers()).toBe(buffers);
  });
});
