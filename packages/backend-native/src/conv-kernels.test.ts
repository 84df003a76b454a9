import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addon, expectSameAsCpu, skipReason, tensor } from './test-support/on-backends.js';
import { installNativeWasmKernels, uninstallNativeWasmKernels } from './wasm-kernels.js';

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: 1 | 2;
  pad: 'same' | 'valid';
  dilations?: 1 | 2;
}

// 3×3 same, stride 2 same on an even size (asymmetric padding), valid, 1×1 (the pointwise path), dilation 2.
const CASES: ConvCase[] = [
  { x: [2, 6, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { x: [1, 7, 6, 2], filter: [3, 2, 2, 3], strides: 1, pad: 'valid' },
  { x: [3, 4, 4, 6], filter: [1, 1, 6, 2], strides: 1, pad: 'same' },
  { x: [1, 9, 9, 2], filter: [3, 3, 2, 3], strides: 1, pad: 'same', dilations: 2 },
];

const label = (c: ConvCase): string =>
  `x [${c.x.join(',')}] filter [${c.filter.join(',')}] stride ${c.strides} ${c.pad}${c.dilations === 2 ? ' dilation 2' : ''}`;

describe.skipIf(!addon.ok)(`native conv2d kernels on wasm${skipReason}`, () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    installNativeWasmKernels();
  });
  afterAll(() => uninstallNativeWasmKernels());

  for (const c of CASES) {
    it(`conv2d, fused conv2d + bias + relu, and (undilated) both gradients equal cpu: ${label(c)}`, async () => {
      const x = (): tf.Tensor4D => tensor(c.x, 1) as tf.Tensor4D;
      const filter = (): tf.Tensor4D => tensor(c.filter, 2) as tf.Tensor4D;
      const { strides, pad } = c;
      const dilations = c.dilations ?? 1;
      await expectSameAsCpu(() => tf.conv2d(x(), filter(), strides, pad, 'NHWC', dilations));
      await expectSameAsCpu(() =>
        tf.fused.conv2d({
          x: x(),
          filter: filter(),
          strides,
          pad,
          dilations,
          bias: tensor([c.filter[3]], 3),
          activation: 'relu',
        }),
      );
      // tfjs has no gradient for dilated convolutions.
      if (dilations !== 1) return;
      await expectSameAsCpu(() =>
        tf.grads((a: tf.Tensor, w: tf.Tensor) =>
          tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, strides, pad, 'NHWC', dilations))),
        )([x(), filter()]),
      );
    });
  }

  it('leaks no tensor and no wasm buffer over conv2d training steps', async () => {
    await tf.setBackend('wasm');
    const x = tensor([2, 8, 8, 3], 4) as tf.Tensor4D;
    const w = tf.variable(tensor([3, 3, 3, 4], 5));
    const bias = tf.variable(tensor([4], 6));
    const opt = tf.train.adam(1e-3);
    const step = (): void => {
      opt.minimize(() =>
        tf.sum(tf.fused.conv2d({ x, filter: w as tf.Tensor4D, bias, strides: 2, pad: 'same' })),
      );
    };
    step();
    const tensors = tf.memory().numTensors;
    const buffers = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
    tf.dispose([x, w, bias]);
    opt.dispose();
  });
});
