import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelScope } from './kernel-scope.js';

export type Pair = [number, number];

/** Explicit NHWC padding for Conv2D / DepthwiseConv2dNative attrs. */
export function explicitPad(top: number, bottom: number, left: number, right: number): Pair[] {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/**
 * Splits a signed [before, after] amount on H and W of an NHWC tensor: negative parts are cropped
 * here (Slice), the non-negative rest is returned for the convolution's explicit padding.
 */
export function cropNegative(
  scope: KernelScope,
  x: TensorInfo,
  [top, bottom]: Pair,
  [left, right]: Pair,
): { x: TensorInfo; pad: Pair[] } {
  const cropped = scope.padOrCrop(x, [
    [0, 0],
    [Math.min(0, top), Math.min(0, bottom)],
    [Math.min(0, left), Math.min(0, right)],
    [0, 0],
  ]);
  return {
    x: cropped,
    pad: explicitPad(Math.max(0, top), Math.max(0, bottom), Math.max(0, left), Math.max(0, right)),
  };
}

/** Inserts `stride - 1` zeros after every row and column of an NHWC tensor (a "dilated" dy). */
export function insertZeros(
  scope: KernelScope,
  dy: TensorInfo,
  strideH: number,
  strideW: number,
): TensorInfo {
  const [n, h, w, c] = dy.shape as [number, number, number, number];
  let out = dy;
  if (strideH > 1) {
    const rows = scope.reshape(out, [n * h, 1, w * c]);
    const padded = scope.pad(rows, [
      [0, 0],
      [0, strideH - 1],
      [0, 0],
    ]);
    out = scope.reshape(padded, [n, h * strideH, w, c]);
  }
  if (strideW > 1) {
    const hh = out.shape[1]!;
    const cols = scope.reshape(out, [n * hh * w, 1, c]);
    const padded = scope.pad(cols, [
      [0, 0],
      [0, strideW - 1],
      [0, 0],
    ]);
    out = scope.reshape(padded, [n, hh, w * strideW, c]);
  }
  return out;
}
