import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { cropNegative } from './conv-util.js';
import { withKernelScope, type WasmBackendLike } from './kernel-scope.js';
import type { WasmFix } from './wasm-fix.js';

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * dW[i, j, c, o] = Σ_{n, y, x} X[n, y·sh + i − pt, x·sw + j − pl, c] · dY[n, y, x, o]: a forward
 * Conv2D (XNNPACK) of X transposed to [C, H, W, N] ("batch" C, "channels" N) with dY transposed
 * to [OH, OW, N, O] as the filter, dilation = the original stride.
 */
export const conv2DBackpropFilter: KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const backend = args.backend as WasmBackendLike;
  const channelsLast = (attrs.dataFormat ?? 'NHWC') === 'NHWC';
  return withKernelScope(backend, (scope) => {
    const xh = channelsLast ? x : scope.transpose(x, [0, 2, 3, 1]);
    const dyh = channelsLast ? dy : scope.transpose(dy, [0, 2, 3, 1]);
    const info = tf.backend_util.computeConv2DInfo(
      xh.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
    const { outHeight: oh, outWidth: ow, inHeight: h, inWidth: w } = info;
    const { top, left } = info.padInfo;
    if (dyh.shape[1] !== oh || dyh.shape[2] !== ow) {
      throw new Error(
        `Conv2DBackpropFilter: dy shape [${dyh.shape.join(',')}] does not match the conv output ${oh}×${ow}`,
      );
    }
    // Rows needed: (fh − 1) + (oh − 1)·sh + 1 from row −top on; crop or zero-pad the bottom to that.
    const bottom = fh + (oh - 1) * sh - h - top;
    const right = fw + (ow - 1) * sw - w - left;
    const xT = scope.transpose(xh, [3, 1, 2, 0]); // [C, H, W, N]
    const { x: xIn, pad } = cropNegative(scope, xT, [top, bottom], [left, right]);
    const dyT = scope.transpose(dyh, [1, 2, 0, 3]); // [OH, OW, N, O]
    const g = scope.run(
      'Conv2D',
      { x: xIn, filter: dyT },
      { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [sh, sw] },
    ); // [C, fh, fw, O]
    return scope.transpose(g, [1, 2, 0, 3]);
  });
};

export const conv2DBackpropFilterFix: WasmFix = {
  name: 'conv2d-backprop-filter',
  description:
    'Conv2DBackpropFilter (missing on wasm): forward Conv2D on transposed tensors, dilation = stride',
  kernels: [{ kernelName: 'Conv2DBackpropFilter', onlyIfMissing: true, wrap: () => conv2DBackpropFilter }],
};
