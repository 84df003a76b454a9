import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { withKernelScope, type WasmBackendLike } from './kernel-scope.js';
import { batchSize, matMulOutShape, unflag } from './mat-mul-util.js';
import { requireOriginal, type WasmFix } from './wasm-fix.js';

interface BatchMatMulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
}

/**
 * Stock wasm `BatchMatMul` uses XNNPACK only with no transpose flag and batch 1; otherwise it runs
 * a scalar loop (13–22× slower). The fixed kernel transposes flagged inputs with the backend's
 * `Transpose` kernel, folds a's batch into rows where b has batch 1, then calls the stock kernel
 * without flags.
 */
export function fixedBatchMatMul(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA = false, transposeB = false } = (args.attrs ?? {}) as BatchMatMulAttrs;
    const backend = args.backend as WasmBackendLike;
    const foldable = batchSize(a.shape) > 1 && batchSize(b.shape) === 1;
    if ((!transposeA && !transposeB && !foldable) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return stock(args);
    }
    return withKernelScope(backend, (scope) => {
      const u = unflag(scope, a, b, transposeA, transposeB);
      const attrs = { transposeA: false, transposeB: false };
      if (!foldable) return scope.call(stock, { a: u.a, b: u.b }, attrs, 'BatchMatMul');
      // a: [..., M, K] with batch B, b: [(1,)..., K, N] → one [B·M, K]·[K, N] product.
      const outShape = matMulOutShape(u.a.shape, u.b.shape);
      const [m, k] = u.a.shape.slice(-2) as [number, number];
      const n = u.b.shape[u.b.shape.length - 1]!;
      const a2 = scope.reshape(u.a, [1, batchSize(u.a.shape) * m, k]);
      const b2 = scope.reshape(u.b, [1, k, n]);
      const out = scope.call(stock, { a: a2, b: b2 }, attrs, 'BatchMatMul');
      return scope.reshape(out, outShape);
    });
  };
}

export const transposedBatchMatMulFix: WasmFix = {
  name: 'transposed-batch-matmul',
  description:
    'BatchMatMul: transpose flagged inputs (and fold batch into rows when b has batch 1) so XNNPACK runs instead of the scalar loop',
  kernels: [
    {
      kernelName: 'BatchMatMul',
      wrap: (original) => fixedBatchMatMul(requireOriginal('BatchMatMul', original)),
    },
  ],
};
