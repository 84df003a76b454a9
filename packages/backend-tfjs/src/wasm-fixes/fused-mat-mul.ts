import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { withKernelScope, type KernelScope, type WasmBackendLike } from './kernel-scope.js';
import { batchSize, matMulOutShape, unflag } from './mat-mul-util.js';
import { requireOriginal, type WasmFix } from './wasm-fix.js';

interface FusedMatMulInputs {
  a: TensorInfo;
  b: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

interface FusedMatMulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

/** Applies a fused activation with the backend's own unary kernels. */
function activate(
  scope: KernelScope,
  x: TensorInfo,
  activation: string,
  inputs: FusedMatMulInputs,
  leakyreluAlpha: number,
): TensorInfo {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return scope.run('Relu', { x });
    case 'relu6':
      return scope.run('Relu6', { x });
    case 'elu':
      return scope.run('Elu', { x });
    case 'sigmoid':
      return scope.run('Sigmoid', { x });
    case 'leakyrelu':
      return scope.run('LeakyRelu', { x }, { alpha: leakyreluAlpha });
    case 'prelu': {
      const alpha = inputs.preluActivationWeights;
      if (alpha === undefined)
        throw new Error(`_FusedMatMul: activation 'prelu' needs preluActivationWeights`);
      return scope.run('Prelu', { x, alpha });
    }
    default:
      throw new Error(`_FusedMatMul: activation '${activation}' is not supported on wasm`);
  }
}

/**
 * Stock wasm `_FusedMatMul` has the transpose slowness of `BatchMatMul` and, on its slow path (a
 * transpose flag or batch > 1), adds the bias at wrong positions (and once per 48-wide block of the
 * shared dimension). The fixed kernel transposes flagged inputs first; with batch 1 (after folding
 * a's batch into rows where b has batch 1) the stock XNNPACK path handles bias and activation
 * correctly; otherwise it multiplies without bias and applies bias (`Add`) and activation itself.
 */
export function fixedFusedMatMul(stock: KernelFunc): KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as FusedMatMulInputs;
    const attrs = (args.attrs ?? {}) as FusedMatMulAttrs;
    const { a, b, bias } = inputs;
    const { transposeA = false, transposeB = false, activation = 'linear', leakyreluAlpha = 0.2 } = attrs;
    const backend = args.backend as WasmBackendLike;
    const batchA = batchSize(a.shape);
    const batchB = batchSize(b.shape);
    const fastAlready = !transposeA && !transposeB && batchA === 1 && batchB === 1;
    const slowButCorrect = !transposeA && !transposeB && bias === undefined && batchB > 1;
    if (fastAlready || slowButCorrect || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return stock(args);
    }
    return withKernelScope(backend, (scope) => {
      const u = unflag(scope, a, b, transposeA, transposeB);
      const noFlags = { ...attrs, transposeA: false, transposeB: false };
      const prelu = inputs.preluActivationWeights;
      const foldable =
        (bias === undefined || bias.shape.length === 1) && (prelu === undefined || prelu.shape.length <= 1);
      if (batchB === 1 && foldable) {
        // XNNPACK path: batch 1 after folding a's batch into rows; bias/activation are right there.
        const [m, k] = u.a.shape.slice(-2) as [number, number];
        const n = u.b.shape[u.b.shape.length - 1]!;
        const a2 = batchA === 1 ? u.a : scope.reshape(u.a, [1, batchA * m, k]);
        const b2 = scope.reshape(u.b, [1, k, n]);
        const out = scope.call(stock, { ...inputs, a: a2, b: b2 }, noFlags, '_FusedMatMul');
        return batchA === 1 ? out : scope.reshape(out, matMulOutShape(u.a.shape, u.b.shape));
      }
      // Slow path (batch > 1 on both sides): keep the stock kernel away from the bias.
      if (bias === undefined) {
        return scope.call(stock, { ...inputs, a: u.a, b: u.b }, noFlags, '_FusedMatMul');
      }
      const product = scope.call(
        stock,
        { a: u.a, b: u.b },
        { ...noFlags, activation: 'linear' },
        '_FusedMatMul',
      );
      const biased = scope.run('Add', { a: product, b: bias });
      return activate(scope, biased, activation, inputs, leakyreluAlpha);
    });
  };
}

export const fusedMatMulFix: WasmFix = {
  name: 'fused-matmul',
  description:
    '_FusedMatMul: transpose flagged inputs (XNNPACK instead of the scalar loop) and add the bias correctly on the batched path',
  kernels: [
    {
      kernelName: '_FusedMatMul',
      wrap: (original) => fixedFusedMatMul(requireOriginal('_FusedMatMul', original)),
    },
  ],
};
