import * as tf from '@tensorflow/tfjs';
import { util, type GradConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';
import type { NativeKernelFactory } from './native-kernels.js';

/**
 * Kernel names of the fused SiLU and GroupNorm ops. `@udm/nets` runs them by these names where the active backend
 * registers them (`silu`, `groupNorm`, `groupNormSilu`) and composes tfjs ops elsewhere, as tfjs itself dispatches
 * by kernel name.
 */
export const SILU = 'UdmSilu';
export const SILU_GRAD = 'UdmSiluGrad';
export const GROUP_NORM = 'UdmGroupNorm';
export const GROUP_NORM_GRAD = 'UdmGroupNormGrad';
/**
 * Swish x·σ(βx) (attr `beta`; `@udm/nets` gelu runs it at β = 1.702, the "quick GELU") and LayerNorm over the last
 * axis (attr `epsilon`; `@udm/nets` layerNorm): the same native code as `UdmSilu` and `UdmGroupNorm` (one group per
 * row), under their own names so that the transformer's lever switches apart from the U-Net's.
 */
export const SWISH = 'UdmSwish';
export const SWISH_GRAD = 'UdmSwishGrad';
export const LAYER_NORM = 'UdmLayerNorm';
export const LAYER_NORM_GRAD = 'UdmLayerNormGrad';

/** Attributes of `UdmGroupNorm` and `UdmGroupNormGrad`: `silu` applies x·σ(x) to the normalised output. */
export interface GroupNormAttrs {
  groups: number;
  epsilon: number;
  silu: boolean;
}

const float32 = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

/** Attribute `beta` of `UdmSwish`/`UdmSwishGrad` (1 where absent, as for `UdmSilu`); a finite number. */
function swishBeta(attrs: NamedAttrMap | undefined): number {
  const beta = (attrs?.['beta'] as number | undefined) ?? 1;
  if (typeof beta !== 'number' || !Number.isFinite(beta))
    throw new RangeError(`${SWISH}: attr beta must be a finite number, got ${String(beta)}`);
  return beta;
}

/** `UdmSilu` / `UdmSwish` (input `x`, attr `beta`, default 1): y = x·σ(βx) in one pass. */
export function nativeSilu(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (!float32(x)) return fallback(args);
    const beta = swishBeta(args.attrs);
    const mem = memory(args.backend);
    const out = mem.alloc([...x.shape]);
    addon.silu(mem.view(x), mem.view(out), beta);
    return out;
  };
}

/** `UdmSiluGrad` / `UdmSwishGrad` (inputs `dy`, `x`, attr `beta`): dx = dy·σ(βx)·(1 + βx·(1 − σ(βx))). */
export function nativeSiluGrad(addon: NativeAddon, memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, x } = args.inputs as { dy: TensorInfo; x: TensorInfo };
    if (!float32(dy, x) || !util.arraysEqual(dy.shape, x.shape)) return fallback(args);
    const beta = swishBeta(args.attrs);
    const mem = memory(args.backend);
    const out = mem.alloc([...x.shape]);
    addon.siluGrad(mem.view(dy), mem.view(x), mem.view(out), beta);
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

/** Attributes of `UdmLayerNorm` and `UdmLayerNormGrad`. */
export interface LayerNormAttrs {
  epsilon: number;
}

/** A GroupNorm kernel run as LayerNorm over the last axis: x [rows, …, d] as rows of one group each. */
function asLayerNorm(groupNormKernel: NativeKernelFactory): NativeKernelFactory {
  return (addon, memory, fallback) => {
    const kernel = groupNormKernel(addon, memory, fallback);
    return (args) => {
      const { epsilon } = args.attrs as unknown as LayerNormAttrs;
      if (typeof epsilon !== 'number' || !(epsilon >= 0))
        throw new RangeError(`${LAYER_NORM}: attr epsilon must be a number ≥ 0, got ${String(epsilon)}`);
      const groupAttrs: GroupNormAttrs = { groups: 1, epsilon, silu: false };
      // x (and dy) [rows, …, d] as [rows·…, d]: every row its own sample; output 0 (y or dx) gets x's shape back.
      const { x } = args.inputs as { x: TensorInfo };
      const d = x.shape[x.shape.length - 1] ?? 1;
      const rows: number[] = [util.sizeFromShape(x.shape) / Math.max(d, 1), d];
      const inputs = Object.fromEntries(
        Object.entries(args.inputs).map(([k, t]) => [k, k === 'x' || k === 'dy' ? { ...t!, shape: rows } : t!]),
      );
      const out = kernel({ ...args, inputs, attrs: groupAttrs as unknown as NamedAttrMap }) as TensorInfo[];
      return [{ ...out[0]!, shape: [...x.shape] }, ...out.slice(1)];
    };
  };
}

/** `UdmLayerNorm` (inputs `x` [rows, …, d], `gamma` [d], `beta` [d]; attr epsilon): y, and per-row mean and inv. */
export const nativeLayerNorm = asLayerNorm(nativeGroupNorm);
/** `UdmLayerNormGrad` (inputs `dy`, `x`, `gamma`, `beta`, `mean`, `inv`): dx, dγ, dβ. */
export const nativeLayerNormGrad = asLayerNorm(nativeGroupNormGrad);

/** The gradient of a normalisation kernel whose one backward kernel is `gradName` (outputs y, mean, inv). */
function normGradient(kernelName: string, gradName: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x', 'gamma', 'beta'],
    outputsToSave: [false, true, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma, beta, mean, inv] = saved as tf.Tensor[];
      const [dx, dGamma, dBeta] = tf
        .engine()
        .runKernel(
          gradName,
          { dy: (dy as tf.Tensor[])[0]!, x: x!, gamma: gamma!, beta: beta!, mean: mean!, inv: inv! },
          attrs as NamedAttrMap,
        ) as tf.Tensor[];
      return { x: () => dx!, gamma: () => dGamma!, beta: () => dBeta! };
    },
  };
}

/** The gradient of an activation kernel whose backward kernel `gradName` takes dy and x (and the same attrs). */
function activationGradient(kernelName: string, gradName: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      return {
        x: () => tf.engine().runKernel(gradName, { dy: dy as tf.Tensor, x }, attrs as NamedAttrMap) as tf.Tensor,
      };
    },
  };
}

/** The forward kernels' gradients: each one backward kernel (registered with them on the backend). */
export const NORM_ACT_GRADIENTS: readonly GradConfig[] = [
  activationGradient(SILU, SILU_GRAD),
  normGradient(GROUP_NORM, GROUP_NORM_GRAD),
];

/** The gradients of the transformer's `UdmSwish` and `UdmLayerNorm`. */
export const TRANSFORMER_NORM_ACT_GRADIENTS: readonly GradConfig[] = [
  activationGradient(SWISH, SWISH_GRAD),
  normGradient(LAYER_NORM, LAYER_NORM_GRAD),
];

/** The kernels of the GroupNorm/SiLU lever, by name. */
export const NORM_ACT_KERNELS = {
  [SILU]: nativeSilu,
  [SILU_GRAD]: nativeSiluGrad,
  [GROUP_NORM]: nativeGroupNorm,
  [GROUP_NORM_GRAD]: nativeGroupNormGrad,
} as const;

/** The kernels of the transformer's swish (quick GELU) lever. */
export const SWISH_KERNELS = { [SWISH]: nativeSilu, [SWISH_GRAD]: nativeSiluGrad } as const;

/** The kernels of the transformer's LayerNorm lever. */
export const LAYER_NORM_KERNELS = {
  [LAYER_NORM]: nativeLayerNorm,
  [LAYER_NORM_GRAD]: nativeLayerNormGrad,
} as const;
