import { util, type TensorInfo } from '@tensorflow/tfjs';

/**
 * How native kernels reach a backend's tensor storage without copies: float32 views of inputs, and fresh outputs.
 * A view is valid until the next allocation (the wasm heap can grow and detach old views): allocate first.
 */
export interface KernelMemory {
  view(t: TensorInfo): Float32Array;
  alloc(shape: number[]): TensorInfo;
}

/** The parts of tfjs-backend-wasm's `BackendWasm` used here. */
export interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

export type MemoryFactory = (backend: unknown) => KernelMemory;

/** Storage of the wasm backend: Float32Array views of the WebAssembly heap. */
export const wasmMemory: MemoryFactory = (backend) => {
  const b = backend as WasmBackendLike;
  return {
    view(t) {
      const d = b.dataIdMap.get(t.dataId);
      if (d === undefined) throw new Error('native kernel: tensor not found on the wasm backend');
      return new Float32Array(b.wasm.HEAPU8.buffer, d.memoryOffset, util.sizeFromShape(t.shape));
    },
    alloc: (shape) => b.makeOutput(shape, 'float32'),
  };
};
