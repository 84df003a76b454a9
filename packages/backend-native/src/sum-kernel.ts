import { util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

interface SumAttrs {
  axis: number | number[];
  keepDims?: boolean;
}

/** One pass of a reduction: sum the middle of [outer, reduce, inner]. */
export interface SumPass {
  readonly outer: number;
  readonly reduce: number;
  readonly inner: number;
}

/**
 * A sum over `axes` of `shape` as passes over [outer, reduce, inner] views, innermost reduced block first (adjacent
 * dimensions of the same kind merged). Each pass's output is the next pass's input.
 */
export function sumPasses(shape: readonly number[], axes: readonly number[]): SumPass[] {
  // Runs of [size, reduced], merged.
  const runs: Array<[number, boolean]> = [];
  shape.forEach((d, i) => {
    const reduced = axes.includes(i);
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === reduced) last[0] *= d;
    else runs.push([d, reduced]);
  });
  const passes: SumPass[] = [];
  let inner = 1;
  for (let r = runs.length - 1; r >= 0; r--) {
    const [size, reduced] = runs[r]!;
    if (!reduced) {
      inner *= size;
      continue;
    }
    const outer = runs.slice(0, r).reduce((p, [s]) => p * s, 1);
    passes.push({ outer, reduce: size, inner });
  }
  return passes;
}

/** `Sum` of float32 tensors over any axes, in the addon (one pass per block of reduced axes). */
export function nativeSum(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims = false } = args.attrs as unknown as SumAttrs;
    const axes = util.parseAxisParam(axis, x.shape);
    if (x.dtype !== 'float32' || axes.length === 0) return fallback(args);
    const outShape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keepDims ? [1] : []) : [d]));
    const mem = memory(args.backend);
    const out = mem.alloc(outShape);
    const passes = sumPasses(x.shape, axes);
    let input = mem.view(x);
    passes.forEach((p, i) => {
      const target = i === passes.length - 1 ? mem.view(out) : new Float32Array(p.outer * p.inner);
      addon.sumMiddle(input, p.outer, p.reduce, p.inner, target);
      input = target;
    });
    return out;
  };
}
