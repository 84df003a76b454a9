import type { TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { KernelMemory } from './kernel-memory.js';

/** Product of all but the last two dimensions. */
function batchSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length - 2; i++) n *= shape[i]!;
  return n;
}

/**
 * Whether the addon covers these operand shapes: equal batch sizes, or one operand without batch (batch size 1).
 * Other broadcasts (e.g. [2, 1, …] with [1, 3, …]) are left to the backend's own kernel, which defines them.
 */
export function nativeMatMulSupports(a: readonly number[], b: readonly number[]): boolean {
  const batchA = batchSize(a);
  const batchB = batchSize(b);
  return batchA === batchB || batchA === 1 || batchB === 1;
}

/** op(a)·op(b) with equal batch sizes or an unbatched operand (`nativeMatMulSupports`), into a fresh tensor. */
export function nativeMatMul(
  addon: NativeAddon,
  memory: KernelMemory,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [a0, a1] = [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [b0, b1] = [b.shape[rb - 2]!, b.shape[rb - 1]!];
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kb, n] = transposeB ? [b1, b0] : [b0, b1];
  if (k !== kb) {
    throw new Error(
      `matMul: inner dimensions of [${a.shape.join(',')}] and [${b.shape.join(',')}] differ (${k} vs ${kb}, ` +
        `transposeA=${transposeA}, transposeB=${transposeB})`,
    );
  }
  if (!nativeMatMulSupports(a.shape, b.shape)) {
    throw new Error(
      `nativeMatMul: batch dimensions of [${a.shape.join(',')}] and [${b.shape.join(',')}] need the backend's kernel`,
    );
  }
  const batchA = batchSize(a.shape);
  const batchB = batchSize(b.shape);
  const batch = Math.max(batchA, batchB);
  const aLeads = batchA > batchB || (batchA === batchB && ra >= rb);
  const outer = (aLeads ? a.shape : b.shape).slice(0, -2);
  const out = memory.alloc([...outer, m, n]);
  const av = memory.view(a);
  const bv = memory.view(b);
  const cv = memory.view(out);
  if (batchB === 1 && !transposeA) {
    // Fold a's batch into rows: one large product (b is shared).
    addon.gemm(false, transposeB, 1, batchA * m, n, k, av, 0, bv, 0, cv, 0);
  } else {
    const strideA = batchA === 1 ? 0 : m * k;
    const strideB = batchB === 1 ? 0 : k * n;
    addon.gemm(transposeA, transposeB, batch, m, n, k, av, strideA, bv, strideB, cv, m * n);
  }
  return out;
}
