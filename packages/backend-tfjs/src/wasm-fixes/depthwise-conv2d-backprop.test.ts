import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  backendBuffers,
  cpuVsWasm,
  maxRelativeError,
  seededTensor,
  seededValues,
} from '../test-support/backends.js';
import { depthwiseGradsReference } from '../test-support/depthwise-reference.js';
import { useWasmWithFixes } from '../test-support/wasm-suite.js';

useWasmWithFixes();

function depthwiseGrads(stride: number, pad: 'same' | 'valid', multiplier: number): tf.Tensor[] {
  const x = seededTensor([2, 9, 10, 3], 1);
  const f = seededTensor([3, 3, 3, multiplier], 2, 0.5);
  const loss = (input: tf.Tensor, filter: tf.Tensor) =>
    tf
      .depthwiseConv2d(input as tf.Tensor4D, filter as tf.Tensor4D, stride, pad)
      .square()
      .mean();
  return tf.grads(loss)([x, f]);
}

describe('DepthwiseConv2dNativeBackprop{Input,Filter} on wasm', () => {
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const multiplier of [1, 2]) {
        it(`gradients match cpu: stride ${stride}, '${pad}', channel multiplier ${multiplier}`, async () => {
          expect(await cpuVsWasm(() => depthwiseGrads(stride, pad, multiplier))).toBeLessThan(1e-4);
        });
      }
    }
  }

  // tf.grads refuses dilation > 1 for depthwise convs, but the kernels are general; the cpu
  // kernels ignore dilation, so a brute-force loop is the reference.
  for (const [dilation, stride, pad] of [
    [2, 1, 'same'],
    [3, 1, 'valid'],
    [1, 3, 'valid'],
    [2, 1, 1],
  ] as const) {
    it(`kernels match a brute-force reference: dilation ${dilation}, stride ${stride}, pad ${pad}`, async () => {
      const [n, h, w, c, m, fh, fw] = [2, 9, 8, 3, 2, 3, 2];
      const info = tf.backend_util.computeConv2DInfo(
        [n, h, w, c],
        [fh, fw, c, m],
        stride,
        dilation,
        pad,
        undefined,
        true,
      );
      const x = seededValues(n * h * w * c, 1);
      const filter = seededValues(fh * fw * c * m, 2);
      const dy = seededValues(n * info.outHeight * info.outWidth * c * m, 3);
      const ref = depthwiseGradsReference(
        {
          n,
          h,
          w,
          c,
          m,
          fh,
          fw,
          strideH: stride,
          strideW: stride,
          dilationH: dilation,
          dilationW: dilation,
          padTop: info.padInfo.top,
          padLeft: info.padInfo.left,
          outH: info.outHeight,
          outW: info.outWidth,
        },
        x,
        filter,
        dy,
      );
      const attrs = { strides: stride, dilations: dilation, pad };
      const dyT = tf.tensor4d(dy, info.outShape);
      const dx = tf
        .engine()
        .runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy: dyT, filter: tf.tensor4d(filter, [fh, fw, c, m]) },
          {
            ...attrs,
            inputShape: [n, h, w, c],
          } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor;
      const dF = tf
        .engine()
        .runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor4d(x, [n, h, w, c]), dy: dyT }, {
          ...attrs,
          filterShape: [fh, fw, c, m],
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      const actual = [Float32Array.from(await dx.data()), Float32Array.from(await dF.data())];
      expect(
        maxRelativeError([Float32Array.from(ref.dx), Float32Array.from(ref.dFilter)], actual),
      ).toBeLessThan(1e-5);
      tf.dispose([dx, dF, dyT]);
    });
  }

  it('does not leak tensors or backend buffers', () => {
    tf.dispose(tf.tidy(() => depthwiseGrads(2, 'same', 2)));
    const tensors = tf.memory().numTensors;
    const buffers = backendBuffers();
    for (let i = 0; i < 3; i++) tf.dispose(tf.tidy(() => depthwiseGrads(2, 'same', 2)));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendBuffers()).toBe(buffers);
  });
});
