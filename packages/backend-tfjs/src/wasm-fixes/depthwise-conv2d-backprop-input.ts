import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { cropNegative, insertZeros } from './conv-util.js';
import { withKernelScope, type WasmBackendLike } from './kernel-scope.js';
import type { WasmFix } from './wasm-fix.js';

interface DepthwiseBackpropInputAttrs {
  strides: [number, number] | number;
  dilations?: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * dX[n, y, x, c] = Σ_{i, j, m} U[n, y + pt − i·dh, x + pl − j·dw, c·M + m] · W[i, j, c, m], where
 * U is dY with stride − 1 zeros inserted: a forward DepthwiseConv2dNative (stride 1, the original
 * dilation) of U, shifted by (fh − 1)·dh − pt, with the filter flipped in H and W, then a sum over M.
 */
export const depthwiseConv2dNativeBackpropInput: KernelFunc = (args) => {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as DepthwiseBackpropInputAttrs;
  const backend = args.backend as WasmBackendLike;
  return withKernelScope(backend, (scope) => {
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
      true,
    );
    const [n, h, w, c] = attrs.inputShape;
    const [fh, fw, , m] = filter.shape as [number, number, number, number];
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const { top, left } = info.padInfo;
    const u = insertZeros(scope, dy, sh, sw); // [N, OH·sh, OW·sw, C·M]
    const shiftH = (fh - 1) * dh - top;
    const shiftW = (fw - 1) * dw - left;
    const needH = h + (fh - 1) * dh;
    const needW = w + (fw - 1) * dw;
    const { x: uIn, pad } = cropNegative(
      scope,
      u,
      [shiftH, needH - u.shape[1]! - shiftH],
      [shiftW, needW - u.shape[2]! - shiftW],
    );
    const flipped = scope.reshape(scope.run('Reverse', { x: filter }, { dims: [0, 1] }), [fh, fw, c * m, 1]);
    const out = scope.run(
      'DepthwiseConv2dNative',
      { x: uIn, filter: flipped },
      { strides: [1, 1], dilations: [dh, dw], pad },
    ); // [N, H, W, C·M]
    if (m === 1) return out;
    return scope.run('Sum', { x: scope.reshape(out, [n, h, w, c, m]) }, { axis: [4], keepDims: false });
  });
};

export const depthwiseConv2dBackpropInputFix: WasmFix = {
  name: 'depthwise-conv2d-backprop-input',
  description:
    'DepthwiseConv2dNativeBackpropInput (missing on wasm): zero-insert dY by the stride, forward depthwise conv with the flipped filter',
  kernels: [
    {
      kernelName: 'DepthwiseConv2dNativeBackpropInput',
      onlyIfMissing: true,
      wrap: () => depthwiseConv2dNativeBackpropInput,
    },
  ],
};
