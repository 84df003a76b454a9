import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

/**
 * Kernel names of the fused multi-head attention. `@udm/nets` selfAttention runs `UdmAttention` where the active
 * backend registers it, and composes head split, scores, softmax, product and merge from tfjs ops elsewhere.
 */
export const ATTENTION = 'UdmAttention';
export const ATTENTION_GRAD = 'UdmAttentionGrad';

/**
 * Attributes of `UdmAttention` and `UdmAttentionGrad`: the head count H (dividing the width) and the score scale
 * (1/√d_h for scaled dot-product attention).
 */
export interface AttentionAttrs {
  heads: number;
  scale: number;
}

/** The addon's dims [n, l, heads, dh] for q [n, l, heads·dh]; a clear error for any other shape or attribute. */
export function attentionDims(shape: readonly number[], attrs: AttentionAttrs): Int32Array {
  const [n, l, width] = shape;
  const { heads, scale } = attrs;
  if (shape.length !== 3 || !Number.isInteger(heads) || heads < 1 || width! % heads !== 0 || l! < 1)
    throw new RangeError(
      `${ATTENTION}: expected q, k, v [batch, length ≥ 1, heads·dh] with heads (${heads}) dividing the width, got [${shape.join(', ')}]`,
    );
  if (typeof scale !== 'number' || !Number.isFinite(scale))
    throw new RangeError(`${ATTENTION}: attr scale must be a finite number, got ${String(scale)}`);
  return Int32Array.from([n!, l!, heads, width! / heads]);
}

const float32 = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

function sameShapes(...ts: TensorInfo[]): boolean {
  return ts.every((t) => t.shape.length === ts[0]!.shape.length && t.shape.every((d, i) => d === ts[0]!.shape[i]));
}

/**
 * `UdmAttention` (inputs `q`, `k`, `v` [n, l, heads·dh]; attrs `AttentionAttrs`): outputs y [n, l, heads·dh] (the
 * heads' P·V side by side) and P = softmax(scale·Q·Kᵀ) [n, heads, l, l] for the gradient.
 */
export function nativeAttention(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { q, k, v } = args.inputs as Record<'q' | 'k' | 'v', TensorInfo>;
    if (!float32(q, k, v)) return fallback(args);
    const attrs = args.attrs as unknown as AttentionAttrs;
    const dims = attentionDims(q.shape, attrs);
    if (!sameShapes(q, k, v))
      throw new RangeError(
        `${ATTENTION}: q, k and v must have one shape, got [${q.shape.join(', ')}], [${k.shape.join(', ')}], [${v.shape.join(', ')}]`,
      );
    const mem = memory(args.backend);
    const [n, l, heads] = dims;
    const out = [mem.alloc([...q.shape]), mem.alloc([n!, heads!, l!, l!])];
    addon.attention(dims, attrs.scale, mem.view(q), mem.view(k), mem.view(v), mem.view(out[0]!), mem.view(out[1]!));
    return out;
  };
}

/** `UdmAttentionGrad` (inputs `dy`, `q`, `k`, `v`, `p`; same attrs): outputs dq, dk, dv. */
export function nativeAttentionGrad(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const t = args.inputs as Record<'dy' | 'q' | 'k' | 'v' | 'p', TensorInfo>;
    if (!float32(t.dy, t.q, t.k, t.v, t.p)) return fallback(args);
    const attrs = args.attrs as unknown as AttentionAttrs;
    const dims = attentionDims(t.q.shape, attrs);
    const mem = memory(args.backend);
    const out = [mem.alloc([...t.q.shape]), mem.alloc([...t.q.shape]), mem.alloc([...t.q.shape])];
    addon.attentionGrad(
      dims,
      attrs.scale,
      mem.view(t.dy),
      mem.view(t.q),
      mem.view(t.k),
      mem.view(t.v),
      mem.view(t.p),
      mem.view(out[0]!),
      mem.view(out[1]!),
      mem.view(out[2]!),
    );
    return out;
  };
}

/** The gradient of `UdmAttention`: one `UdmAttentionGrad` for dq, dk, dv. */
export const ATTENTION_GRADIENTS: readonly GradConfig[] = [
  {
    kernelName: ATTENTION,
    inputsToSave: ['q', 'k', 'v'],
    outputsToSave: [false, true],
    gradFunc: (dy, saved, attrs) => {
      const [q, k, v, p] = saved as tf.Tensor[];
      const [dq, dk, dv] = tf
        .engine()
        .runKernel(
          ATTENTION_GRAD,
          { dy: (dy as tf.Tensor[])[0]!, q: q!, k: k!, v: v!, p: p! },
          attrs as NamedAttrMap,
        ) as tf.Tensor[];
      return { q: () => dq!, k: () => dk!, v: () => dv! };
    },
  },
];

/** The kernels of the attention lever, by name. */
export const ATTENTION_KERNELS = { [ATTENTION]: nativeAttention, [ATTENTION_GRAD]: nativeAttentionGrad } as const;
