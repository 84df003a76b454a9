import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

/**
 * Kernel names of @udm/core's optional trainer kernels (core's fused-training-kernels.ts states their contract):
 * the EMA update of every variable in one dispatch, and Σ g² over every gradient in one dispatch.
 */
export const EMA_UPDATE = 'UdmEmaUpdate';
export const SUM_OF_SQUARES = 'UdmSumOfSquares';

const float32 = (ts: readonly TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

/**
 * `UdmEmaUpdate` over the backend's memory: for each pair (`shadow{i}`, `value{i}`) a fresh output
 * fl(fl(s·fl(d)) + fl(v·fl(1 − d))), bit for bit the composed float32 mul, mul, add. A JavaScript loop: for the
 * thousands of weights of a small network the dispatch, not the arithmetic, is the cost.
 */
export function hostEmaUpdate(_addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const inputs = args.inputs as Record<string, TensorInfo>;
    const n = Object.keys(inputs).length / 2;
    const pairs: Array<[TensorInfo, TensorInfo]> = [];
    for (let i = 0; i < n; i++) {
      const s = inputs[`shadow${i}`];
      const v = inputs[`value${i}`];
      if (s === undefined || v === undefined)
        throw new Error(`${EMA_UPDATE}: expected inputs shadow0, value0, …, shadow${n - 1}, value${n - 1}`);
      if (s.shape.join() !== v.shape.join())
        throw new Error(
          `${EMA_UPDATE}: shadow${i} [${s.shape.join(', ')}] and value${i} [${v.shape.join(', ')}] differ`,
        );
      pairs.push([s, v]);
    }
    if (!float32(pairs.flat())) return fallback(args);
    const { decay } = args.attrs as unknown as { decay: number };
    const d = Math.fround(decay);
    const e = Math.fround(1 - decay);
    const mem = memory(args.backend);
    const outs = pairs.map(([s]) => mem.alloc([...s.shape]));
    // Views after allocating every output: the wasm heap may have grown.
    pairs.forEach(([s, v], i) => {
      const sv = mem.view(s);
      const vv = mem.view(v);
      const o = mem.view(outs[i]!);
      for (let k = 0; k < o.length; k++) o[k] = Math.fround(sv[k]! * d) + Math.fround(vv[k]! * e);
    });
    return outs;
  };
}

/** `UdmSumOfSquares` over the backend's memory: Σ g² over every input, in float64, one float32 scalar out. */
export function hostSumOfSquares(
  _addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const gs = Object.values(args.inputs as Record<string, TensorInfo>);
    if (!float32(gs)) return fallback(args);
    const mem = memory(args.backend);
    const out = mem.alloc([]);
    let sum = 0;
    for (const g of gs) {
      const x = mem.view(g);
      for (let k = 0; k < x.length; k++) sum += x[k]! * x[k]!;
    }
    mem.view(out)[0] = sum;
    return out;
  };
}

/** The kernels of the `fused-ema` and `fused-grad-norm` levers, by name. */
export const EMA_KERNELS = { [EMA_UPDATE]: hostEmaUpdate } as const;
export const GRAD_NORM_KERNELS = { [SUM_OF_SQUARES]: hostSumOfSquares } as const;
