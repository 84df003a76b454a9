import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import { applyEpilogue, epilogueSupported } from './epilogue.js';
import type { MemoryFactory } from './kernel-memory.js';
import { nativeMatMul, nativeMatMulSupports } from './mat-mul.js';

interface MatMulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

interface MatMulInputs {
  a: TensorInfo;
  b: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

/** `BatchMatMul` through the addon's SGEMM; other dtypes go to `fallback` (the kernel it replaces). */
export function nativeBatchMatMul(
  addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as unknown as MatMulInputs;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !nativeMatMulSupports(a.shape, b.shape)) {
      return fallback(args);
    }
    const { transposeA = false, transposeB = false } = (args.attrs ?? {}) as MatMulAttrs;
    return nativeMatMul(addon, memory(args.backend), a, b, transposeA, transposeB);
  };
}

/**
 * `_FusedMatMul` through the addon: SGEMM, then bias (of length N or 1) and activation in one pass.
 * A bias of another shape, `prelu`, or a non-float32 input goes to `fallback`.
 */
export function nativeFusedMatMul(
  addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { a, b, bias } = args.inputs as unknown as MatMulInputs;
    const attrs = (args.attrs ?? {}) as MatMulAttrs;
    const { transposeA = false, transposeB = false } = attrs;
    const n = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
    const epilogue = { ...(bias ? { bias } : {}), ...attrs };
    const native = a.dtype === 'float32' && b.dtype === 'float32' && nativeMatMulSupports(a.shape, b.shape);
    if (!native || !epilogueSupported(epilogue, n)) return fallback(args);
    const mem = memory(args.backend);
    const out = nativeMatMul(addon, mem, a, b, transposeA, transposeB);
    applyEpilogue(addon, mem, out, n, epilogue);
    return out;
  };
}
