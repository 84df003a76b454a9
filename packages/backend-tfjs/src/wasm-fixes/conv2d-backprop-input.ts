import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { cropNegative, insertZeros } from './conv-util.js';
import { withKernelScope, type WasmBackendLike } from './kernel-scope.js';
import { requireOriginal, type WasmFix } from './wasm-fix.js';

interface Conv2DBackpropInputAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * dX[n, y, x, c] = Σ_{i, j, o} U[n, y + pt − i, x + pl − j, o] · W[i, j, c, o], U = dY with
 * stride − 1 zeros inserted: a forward Conv2D (XNNPACK) of U shifted by (fh − 1) − pt with W
 * flipped in H and W and transposed to [fh, fw, O, C]. Stock wasm runs a scalar loop (≈ 10× the
 * forward conv's time).
 */
export function fixedConv2DBackpropInput(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return stock(args);
    const backend = args.backend as WasmBackendLike;
    const channelsLast = (attrs.dataFormat ?? 'NHWC') === 'NHWC';
    const s = attrs.inputShape;
    const inputShape: [number, number, number, number] = channelsLast ? s : [s[0], s[2], s[3], s[1]];
    return withKernelScope(backend, (scope) => {
      const dyh = channelsLast ? dy : scope.transpose(dy, [0, 2, 3, 1]);
      const info = tf.backend_util.computeConv2DInfo(
        inputShape,
        filter.shape as [number, number, number, number],
        attrs.strides,
        1,
        attrs.pad,
        attrs.dimRoundingMode,
        false,
        'channelsLast',
      );
      const [, h, w] = inputShape;
      const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
      const u = insertZeros(scope, dyh, sh, sw);
      const shiftH = fh - 1 - info.padInfo.top;
      const shiftW = fw - 1 - info.padInfo.left;
      const { x: uIn, pad } = cropNegative(
        scope,
        u,
        [shiftH, h + fh - 1 - u.shape[1]! - shiftH],
        [shiftW, w + fw - 1 - u.shape[2]! - shiftW],
      );
      const flipped = scope.transpose(scope.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
      const dx = scope.run(
        'Conv2D',
        { x: uIn, filter: flipped },
        { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] },
      );
      return channelsLast ? dx : scope.transpose(dx, [0, 3, 1, 2]);
    });
  };
}

export const conv2DBackpropInputFix: WasmFix = {
  name: 'conv2d-backprop-input',
  description:
    'Conv2DBackpropInput: forward Conv2D (XNNPACK) of the zero-inserted dy with the flipped filter instead of the scalar loop',
  kernels: [
    {
      kernelName: 'Conv2DBackpropInput',
      wrap: (original) => fixedConv2DBackpropInput(requireOriginal('Conv2DBackpropInput', original)),
    },
  ],
};
