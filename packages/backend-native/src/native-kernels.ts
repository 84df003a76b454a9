import type { KernelFunc } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import { BINARY_OPS, nativeBinary } from './binary-kernels.js';
import {
  conv2DBackpropFilter,
  conv2DBackpropInput,
  nativeConv2D,
  nativeFusedConv2D,
} from './conv-kernels.js';
import { FUSED_ADAM, nativeAdam } from './fused-adam.js';
import type { MemoryFactory } from './kernel-memory.js';
import { nativeBatchMatMul, nativeFusedMatMul } from './mat-mul-kernels.js';
import { sharedCast, sharedIdentity } from './shared-data-kernels.js';
import { nativeSum } from './sum-kernel.js';

/** Makes a native kernel from the addon, the backend's storage and the kernel it replaces (the fallback). */
export type NativeKernelFactory = (
  addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
) => KernelFunc;

/**
 * The replacements this package always registers, by kernel name; each receives the kernel it replaces as fallback.
 * The fused kernels that can be switched off one by one are the levers of `levers.ts`.
 */
export const NATIVE_KERNEL_FACTORIES: Readonly<Record<string, NativeKernelFactory>> = {
  BatchMatMul: nativeBatchMatMul,
  _FusedMatMul: nativeFusedMatMul,
  Sum: nativeSum,
  Conv2D: nativeConv2D,
  FusedConv2D: nativeFusedConv2D,
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  Add: nativeBinary(BINARY_OPS.Add),
  Sub: nativeBinary(BINARY_OPS.Sub),
  Multiply: nativeBinary(BINARY_OPS.Multiply),
  RealDiv: nativeBinary(BINARY_OPS.RealDiv),
  Identity: sharedIdentity,
  Cast: sharedCast,
  [FUSED_ADAM]: nativeAdam,
};
