import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** The part of the wasm backend (`BackendWasm`) that the fixes use. */
export interface WasmBackendLike {
  disposeData(dataId: object, force?: boolean): boolean;
  numDataIds(): number;
}

/**
 * Runs backend kernels directly (no engine, no gradient tape) and frees every intermediate it
 * produced, except the result. Kernels are looked up at call time, so a fixed kernel can call
 * another fixed kernel.
 */
export class KernelScope {
  private readonly intermediates: TensorInfo[] = [];

  constructor(
    readonly backend: WasmBackendLike,
    readonly backendName: string = 'wasm',
  ) {}

  /** Runs kernel `name` on this scope's backend; the output is freed by `dispose()` unless kept. */
  run(name: string, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo {
    const kernel = tf.getKernel(name, this.backendName) as KernelConfig | undefined;
    if (kernel === undefined) {
      throw new Error(`Kernel '${name}' is not registered for backend '${this.backendName}'`);
    }
    return this.call(kernel.kernelFunc, inputs, attrs, name);
  }

  /** Calls a given kernel function (e.g. a stock kernel that a fix wraps) in this scope. */
  call(
    kernelFunc: KernelFunc,
    inputs: Record<string, TensorInfo>,
    attrs: object = {},
    name = 'kernel',
  ): TensorInfo {
    const out = kernelFunc({ inputs, backend: this.backend, attrs: attrs as NamedAttrMap });
    if (Array.isArray(out)) {
      throw new Error(`${name} returned ${out.length} outputs; KernelScope expects one`);
    }
    this.intermediates.push(out);
    return out;
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  pad(x: TensorInfo, paddings: Array<[number, number]>): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  /**
   * Pads (positive amounts) or crops (negative amounts) each axis: `amounts[i] = [before, after]`.
   * Returns `x` itself when nothing changes.
   */
  padOrCrop(x: TensorInfo, amounts: Array<[number, number]>): TensorInfo {
    let out = x;
    if (amounts.some(([b, a]) => b < 0 || a < 0)) {
      const begin = amounts.map(([b]) => Math.max(0, -b));
      const size = out.shape.map((d, i) => d - begin[i]! - Math.max(0, -amounts[i]![1]));
      out = this.slice(out, begin, size);
    }
    if (amounts.some(([b, a]) => b > 0 || a > 0)) {
      out = this.pad(
        out,
        amounts.map(([b, a]) => [Math.max(0, b), Math.max(0, a)]),
      );
    }
    return out;
  }

  /** Marks `info` as the result: it is not freed by `dispose()`. */
  keep(info: TensorInfo): TensorInfo {
    const i = this.intermediates.indexOf(info);
    if (i >= 0) this.intermediates.splice(i, 1);
    return info;
  }

  dispose(): void {
    for (const info of this.intermediates.splice(0)) this.backend.disposeData(info.dataId);
  }
}

/** Runs `f` in a fresh scope; the returned info is kept, everything else the scope made is freed. */
export function withKernelScope(
  backend: WasmBackendLike,
  f: (scope: KernelScope) => TensorInfo,
  backendName = 'wasm',
): TensorInfo {
  const scope = new KernelScope(backend, backendName);
  try {
    return scope.keep(f(scope));
  } finally {
    scope.dispose();
  }
}
