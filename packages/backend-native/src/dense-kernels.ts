import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

/**
 * Kernel names of the fused dense layer y = act(x·W + b): forward (inputs x [m, k], w [k, n], b [n]; attr
 * `activation`; outputs y and the pre-activation z, [m, n] for silu and empty otherwise) and backward (inputs dy, x,
 * w, y, z; outputs dx, dW, db). `@udm/nets` `dense` runs it by name where the backend registers it.
 */
export const DENSE = 'UdmDense';
export const DENSE_GRAD = 'UdmDenseGrad';

/** The activations of `UdmDense`, with the addon's codes (native/dense_ops.cc). */
export const DENSE_ACTIVATIONS = { linear: 0, relu: 1, silu: 2 } as const;
export type DenseActivation = keyof typeof DENSE_ACTIVATIONS;

const code = (attrs: unknown): number | undefined =>
  DENSE_ACTIVATIONS[(attrs as { activation?: string }).activation as DenseActivation];

/** Whether the addon covers these operands: float32, x [m, k] · w [k, n] + b [n]. */
function covered(x: TensorInfo, w: TensorInfo, b: TensorInfo): boolean {
  return (
    [x, w, b].every((t) => t.dtype === 'float32') &&
    x.shape.length === 2 &&
    w.shape.length === 2 &&
    x.shape[1] === w.shape[0] &&
    b.shape.length === 1 &&
    b.shape[0] === w.shape[1]
  );
}

export function nativeDense(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, w, b } = args.inputs as Record<'x' | 'w' | 'b', TensorInfo>;
    const act = code(args.attrs);
    if (act === undefined || !covered(x, w, b)) return fallback(args);
    const [m, k] = x.shape as [number, number];
    const n = w.shape[1]!;
    const silu = act === DENSE_ACTIVATIONS.silu;
    const mem = memory(args.backend);
    const y = mem.alloc([m, n]);
    const z = mem.alloc(silu ? [m, n] : [0]);
    addon.dense(
      Int32Array.from([m, k, n, act]),
      mem.view(x),
      mem.view(w),
      mem.view(b),
      mem.view(y),
      silu ? mem.view(z) : null,
    );
    return [y, z];
  };
}

export function nativeDenseGrad(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, x, w, y, z } = args.inputs as Record<'dy' | 'x' | 'w' | 'y' | 'z', TensorInfo>;
    const act = code(args.attrs);
    if (act === undefined || [dy, x, w, y, z].some((t) => t.dtype !== 'float32')) return fallback(args);
    const [m, k] = x.shape as [number, number];
    const n = w.shape[1]!;
    const mem = memory(args.backend);
    const out = [mem.alloc([m, k]), mem.alloc([k, n]), mem.alloc([n])];
    addon.denseGrad(
      Int32Array.from([m, k, n, act]),
      mem.view(dy),
      mem.view(x),
      mem.view(w),
      mem.view(y),
      act === DENSE_ACTIVATIONS.silu ? mem.view(z) : null,
      mem.view(out[0]!),
      mem.view(out[1]!),
      mem.view(out[2]!),
    );
    return out;
  };
}

export const DENSE_GRADIENTS: readonly GradConfig[] = [
  {
    kernelName: DENSE,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, w, y, z] = saved as tf.Tensor[];
      const [dx, dw, db] = tf
        .engine()
        .runKernel(
          DENSE_GRAD,
          { dy: (dy as tf.Tensor[])[0]!, x: x!, w: w!, y: y!, z: z! },
          attrs as NamedAttrMap,
        ) as tf.Tensor[];
      return { x: () => dx!, w: () => dw!, b: () => db! };
    },
  },
];

export const DENSE_KERNELS = { [DENSE]: nativeDense, [DENSE_GRAD]: nativeDenseGrad } as const;
