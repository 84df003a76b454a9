import { backend_util, util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

/** The addon's binary op codes, by tfjs kernel name. */
export const BINARY_OPS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 } as const;

/**
 * The addon's broadcast plan for `a op b`: [rank, dims…, stridesA…, stridesB…] over the output shape, with adjacent
 * dimensions of the same broadcast pattern merged (so the innermost loop is as long as possible).
 */
export function broadcastPlan(
  aShape: readonly number[],
  bShape: readonly number[],
): { outShape: number[]; plan: Int32Array } {
  const outShape = backend_util.assertAndGetBroadcastShape([...aShape], [...bShape]);
  const rank = outShape.length;
  const pad = (s: readonly number[]): number[] => [...Array<number>(rank - s.length).fill(1), ...s];
  const [pa, pb] = [pad(aShape), pad(bShape)];
  // Merge dims by pattern (does a vary? does b vary?), skipping size-1 output dims.
  const dims: Array<{ n: number; a: boolean; b: boolean }> = [];
  outShape.forEach((n, i) => {
    if (n === 1) return;
    const a = pa[i] !== 1;
    const b = pb[i] !== 1;
    const last = dims[dims.length - 1];
    if (last !== undefined && last.a === a && last.b === b) last.n *= n;
    else dims.push({ n, a, b });
  });
  if (dims.length === 0) dims.push({ n: 1, a: false, b: false });
  const r = dims.length;
  const plan = new Int32Array(1 + 3 * r);
  plan[0] = r;
  let strideA = 1;
  let strideB = 1;
  for (let i = r - 1; i >= 0; i--) {
    const d = dims[i]!;
    plan[1 + i] = d.n;
    plan[1 + r + i] = d.a ? strideA : 0;
    plan[1 + 2 * r + i] = d.b ? strideB : 0;
    if (d.a) strideA *= d.n;
    if (d.b) strideB *= d.n;
  }
  return { outShape, plan };
}

/**
 * A broadcasting float32 binary kernel in the addon. Same-shape operands stay with `fallback` (the wasm kernel is
 * SIMD there); only broadcasts, which wasm runs as a generic index loop, come here.
 */
export function nativeBinary(
  op: number,
): (addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc) => KernelFunc {
  return (addon, memory, fallback) => (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || util.arraysEqual(a.shape, b.shape))
      return fallback(args);
    const { outShape, plan } = broadcastPlan(a.shape, b.shape);
    const mem = memory(args.backend);
    const out = mem.alloc(outShape);
    addon.binary(op, plan, mem.view(a), mem.view(b), mem.view(out));
    return out;
  };
}
