import type { DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendLike } from './kernel-scope.js';
import type { WasmFix } from './wasm-fix.js';

/** The wasm backend's data access used here (`BackendWasm.readSync`, `makeOutput`). */
interface WasmDataAccess extends WasmBackendLike {
  readSync(dataId: object): Float32Array | Int32Array | Uint8Array;
  makeOutput(
    shape: number[],
    dtype: DataType,
    memoryOffset?: number,
    values?: Float32Array | Int32Array,
  ): TensorInfo;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * out[s, …] = Σ_{i : ids[i] = s} x[i, …] (ids outside [0, numSegments) are dropped), as a plain
 * loop over the values read from the wasm heap. It is the gradient of `tf.gather` (embeddings).
 */
export const unsortedSegmentSum: KernelFunc = (args) => {
  const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  const backend = args.backend as WasmDataAccess;
  const idRank = segmentIds.shape.length;
  if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape.join(',')}] must prefix x shape [${x.shape.join(',')}]`,
    );
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum on wasm: dtype ${x.dtype} is not supported`);
  }
  const inner = size(x.shape.slice(idRank));
  const outer = size(segmentIds.shape);
  const values = backend.readSync(x.dataId);
  const ids = backend.readSync(segmentIds.dataId);
  const out =
    x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let i = 0; i < outer; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    for (let j = 0; j < inner; j++) out[s * inner + j]! += values[i * inner + j]!;
  }
  return backend.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype, undefined, out);
};

export const unsortedSegmentSumFix: WasmFix = {
  name: 'unsorted-segment-sum',
  description: 'UnsortedSegmentSum (missing on wasm; the gradient of tf.gather): a loop over the heap values',
  kernels: [{ kernelName: 'UnsortedSegmentSum', onlyIfMissing: true, wrap: () => unsortedSegmentSum }],
};
