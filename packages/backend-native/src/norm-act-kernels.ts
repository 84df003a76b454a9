import * as tf from '@tensorflow/tfjs';
import { util, type GradConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

/**
 * Kernel names of the fused SiLU and GroupNorm ops. `@udm/nets` runs them by these names where the active backend
 * registers them (`silu`, `groupNorm`, `groupNormSilu`) and composes tfjs ops elsewhere, as tfjs itself dispatches
 * by kernel name.
 */
export const SILU = 'UdmSilu';
export const SILU_GRAD = 'UdmSiluGrad';
export const GROUP_NORM = 'UdmGroupNorm';
export const GROUP_NORM_GRAD = 'UdmGroupNormGrad';

/** Attributes of `UdmGroupNorm` and `UdmGroupNormGrad`: `silu` applies x·σ(x) to the normalised output. */
export interface GroupNormAttrs {
  groups: number;
  epsilon: number;
  silu: boolean;
}

const float32 = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

/** `UdmSilu` (input `x`): y = x·σ(x) in one pass. */
export function nativeSilu(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (!float32(x)) return fallback(args);
    const mem = memory(args.backend);
    const out = mem.alloc([...x.shape]);
    addon.silu(mem.view(x), mem.view(out));
    return out;
  };
}

/** `UdmSiluGrad` (inputs `dy`, `x`): dx = dy·σ(x)·(1 + x·(1 − σ(x))). */
export function nativeSiluGrad(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, x } = args.inputs as { dy: TensorInfo; x: TensorInfo };
    if (!float32(dy, x) || !util.arraysEqual(dy.shape, x.shape)) return fallback(args);
    const mem = memory(args.backend);
    const out = mem.alloc([...x.shape]);
    addon.siluGrad(mem.view(dy), mem.view(x), mem.view(out));
    return out;
  };
}

/** The addon's dims vector [b, hw, c, groups, silu] for channels-last `shape` [b, …spatial, c]. */
export function groupNormDims(shape: readonly number[], attrs: GroupNormAttrs): Int32Array {
  const c = shape[shape.length - 1]!;
  if (shape.length < 2 || !Number.isInteger(attrs.groups) || attrs.groups < 1 || c % attrs.groups !== 0)
    throw new RangeError(
      `${GROUP_NORM}: groups (${attrs.groups}) must divide the channels (${c}) of a [batch, …, channels] input, got [${shape.join(', ')}]`,
    );
  const hw = shape.slice(1, -1).reduce((p, d) => p * d, 1);
  return Int32Array.from([shape[0]!, hw, c, attrs.groups, attrs.silu ? 1 : 0]);
}

/**
 * `UdmGroupNorm` (inputs `x` [b, …, c], `gamma` [c], `beta` [c]; attrs `GroupNormAttrs`): outputs y (shape of x),
 * and each (sample, group)'s mean and 1/√(variance + ε) [b, groups] for the gradient.
 */
export function nativeGroupNorm(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, gamma, beta } = args.inputs as Record<'x' | 'gamma' | 'beta', TensorInfo>;
    if (!float32(x, gamma, beta)) return fallback(args);
    const attrs = args.attrs as unknown as GroupNormAttrs;
    const dims = groupNormDims(x.shape, attrs);
    const mem = memory(args.backend);
    const out = [
      mem.alloc([...x.shape]),
      mem.alloc([dims[0]!, attrs.groups]),
      mem.alloc([dims[0]!, attrs.groups]),
    ];
    addon.groupNorm(
      dims,
      attrs.epsilon,
      mem.view(x),
      mem.view(gamma),
      mem.view(beta),
      mem.view(out[0]!),
      mem.view(out[1]!),
      mem.view(out[2]!),
    );
    return out;
  };
}

/** `UdmGroupNormGrad` (inputs `dy`, `x`, `gamma`, `beta`, `mean`, `inv`): outputs dx, dγ, dβ. */
export function nativeGroupNormGrad(
  addon: NativeAddon,
  memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const t = args.inputs as Record<'dy' | 'x' | 'gamma' | 'beta' | 'mean' | 'inv', TensorInfo>;
    if (!float32(t.dy, t.x, t.gamma, t.beta, t.mean, t.inv)) return fallback(args);
    const dims = groupNormDims(t.x.shape, args.attrs as unknown as GroupNormAttrs);
    const mem = memory(args.backend);
    const out = [mem.alloc([...t.x.shape]), mem.alloc([...t.gamma.shape]), mem.alloc([...t.beta.shape])];
    addon.groupNormGrad(
      dims,
      mem.view(t.dy),
      mem.view(t.x),
      mem.view(t.gamma),
      mem.view(t.beta),
      mem.view(t.mean),
      mem.view(t.inv),
      mem.view(out[0]!),
      mem.view(out[1]!),
      mem.view(out[2]!),
    );
    return out;
  };
}

/** The forward kernels' gradients: each one backward kernel (registered with them on the backend). */
export const NORM_ACT_GRADIENTS: readonly GradConfig[] = [
  {
    kernelName: SILU,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.engine().runKernel(SILU_GRAD, { dy: dy as tf.Tensor, x }) as tf.Tensor };
    },
  },
  {
    kernelName: GROUP_NORM,
    inputsToSave: ['x', 'gamma', 'beta'],
    outputsToSave: [false, true, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma, beta, mean, inv] = saved as tf.Tensor[];
      const [dx, dGamma, dBeta] = tf
        .engine()
        .runKernel(
          GROUP_NORM_GRAD,
          { dy: (dy as tf.Tensor[])[0]!, x: x!, gamma: gamma!, beta: beta!, mean: mean!, inv: inv! },
          attrs as NamedAttrMap,
        ) as tf.Tensor[];
      return { x: () => dx!, gamma: () => dGamma!, beta: () => dBeta! };
    },
  },
];

/** The kernels of the GroupNorm/SiLU lever, by name. */
export const NORM_ACT_KERNELS = {
  [SILU]: nativeSilu,
  [SILU_GRAD]: nativeSiluGrad,
  [GROUP_NORM]: nativeGroupNorm,
  [GROUP_NORM_GRAD]: nativeGroupNormGrad,
} as const;
