import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelScope } from './kernel-scope.js';

/** Product of all but the last two dimensions. */
export function batchSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length - 2; i++) n *= shape[i]!;
  return n;
}

/** Materializes the transpose of the last two axes with the backend's own Transpose kernel. */
export function transposeLastTwo(scope: KernelScope, x: TensorInfo): TensorInfo {
  const r = x.shape.length;
  const perm = x.shape.map((_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return scope.transpose(x, perm);
}

/**
 * `a`, `b` with no transpose flag left: each flagged input is replaced by its explicit transpose
 * (a freshly allocated intermediate of `scope`).
 */
export function unflag(
  scope: KernelScope,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): { a: TensorInfo; b: TensorInfo } {
  return {
    a: transposeA ? transposeLastTwo(scope, a) : a,
    b: transposeB ? transposeLastTwo(scope, b) : b,
  };
}

/** Shape of `a·b` (no flags) with broadcast batch dimensions. */
export function matMulOutShape(a: readonly number[], b: readonly number[]): number[] {
  const outerA = a.slice(0, -2);
  const outerB = b.slice(0, -2);
  const rank = Math.max(outerA.length, outerB.length);
  const outer: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = outerA[outerA.length - rank + i] ?? 1;
    const db = outerB[outerB.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`matMul: batch dimensions of [${a.join(',')}] and [${b.join(',')}] do not broadcast`);
    }
    outer.push(da === 1 ? db : da);
  }
  return [...outer, a[a.length - 2]!, b[b.length - 1]!];
}
