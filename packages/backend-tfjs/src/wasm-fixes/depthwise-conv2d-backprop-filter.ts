import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { cropNegative } from './conv-util.js';
import { withKernelScope, type WasmBackendLike } from './kernel-scope.js';
import type { WasmFix } from './wasm-fix.js';

interface DepthwiseBackpropFilterAttrs {
  strides: [number, number] | number;
  dilations?: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * dW[i, j, c, m] = Σ_{n, y, x} X[n, y·sh + i·dh − pt, x·sw + j·dw − pl, c] · dY[n, y, x, c·M + m]:
 * one forward DepthwiseConv2dNative of X as [1, H, W, N·C] with dY as the filter
 * [OH, OW, N·C, M] (stride = the original dilation, dilation = the original stride), then a sum
 * over N.
 */
export const depthwiseConv2dNativeBackpropFilter: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as DepthwiseBackpropFilterAttrs;
  const backend = args.backend as WasmBackendLike;
  return withKernelScope(backend, (scope) => {
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
      true,
    );
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const [fh, fw, , m] = attrs.filterShape;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const { outHeight: oh, outWidth: ow } = info;
    const { top, left } = info.padInfo;
    const bottom = (fh - 1) * dh + (oh - 1) * sh + 1 - h - top;
    const right = (fw - 1) * dw + (ow - 1) * sw + 1 - w - left;
    const xT = scope.reshape(scope.transpose(x, [1, 2, 0, 3]), [1, h, w, n * c]);
    const { x: xIn, pad } = cropNegative(scope, xT, [top, bottom], [left, right]);
    const dy5 = scope.reshape(dy, [n, oh, ow, c, m]);
    const filter = scope.reshape(scope.transpose(dy5, [1, 2, 0, 3, 4]), [oh, ow, n * c, m]);
    const g = scope.run(
      'DepthwiseConv2dNative',
      { x: xIn, filter },
      { strides: [dh, dw], dilations: [sh, sw], pad },
    ); // [1, fh, fw, N·C·M]
    const perSample = scope.reshape(g, [fh, fw, n, c * m]);
    const summed = n === 1 ? perSample : scope.run('Sum', { x: perSample }, { axis: [2], keepDims: false });
    return scope.reshape(summed, [fh, fw, c, m]);
  });
};

export const depthwiseConv2dBackpropFilterFix: WasmFix = {
  name: 'depthwise-conv2d-backprop-filter',
  description:
    'DepthwiseConv2dNativeBackpropFilter (missing on wasm): one forward depthwise conv over [1, H, W, N·C], summed over N',
  kernels: [
    {
      kernelName: 'DepthwiseConv2dNativeBackpropFilter',
      onlyIfMissing: true,
      wrap: () => depthwiseConv2dNativeBackpropFilter,
    },
  ],
};
