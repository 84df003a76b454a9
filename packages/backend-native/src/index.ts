export { loadAddon, requireAddon } from './addon.js';
export type { AddonLoad, NativeAddon, NativeAddonInfo } from './addon.js';
export { wasmMemory } from './kernel-memory.js';
export type { KernelMemory, MemoryFactory, WasmBackendLike } from './kernel-memory.js';
export { nativeMatMul, nativeMatMulSupports } from './mat-mul.js';
export { nativeBatchMatMul, nativeFusedMatMul } from './mat-mul-kernels.js';
export { NATIVE_KERNEL_FACTORIES } from './native-kernels.js';
export type { NativeKernelFactory } from './native-kernels.js';
export { nativeSum, sumPasses } from './sum-kernel.js';
export { NATIVE_ACTIVATIONS } from './activation.js';
export { installNativeKernels, uninstallNativeKernels } from './install-kernels.js';
export {
  installNativeWasmKernels,
  nativeDetail,
  nativeSummary,
  uninstallNativeWasmKernels,
} from './wasm-kernels.js';
export {
  conv2DBackpropFilter,
  conv2DBackpropInput,
  convGeometry,
  nativeConv2D,
  nativeFusedConv2D,
} from './conv-kernels.js';
export { applyEpilogue, epilogueSupported } from './epilogue.js';
export type { Epilogue } from './epilogue.js';
export type { SumPass } from './sum-kernel.js';
export { BINARY_OPS, broadcastPlan, nativeBinary } from './binary-kernels.js';
export { sharedCast, sharedIdentity } from './shared-data-kernels.js';
export { FUSED_ADAM, installFusedAdam, nativeAdam, uninstallFusedAdam } from './fused-adam.js';
export { leversOffByEnv, leversOnByEnv, NATIVE_LEVERS, setNativeLever } from './levers.js';
export type { NativeLever } from './levers.js';
export {
  ATTENTION,
  ATTENTION_GRAD,
  ATTENTION_GRADIENTS,
  ATTENTION_KERNELS,
  attentionDims,
  nativeAttention,
  nativeAttentionGrad,
} from './attention-kernels.js';
export type { AttentionAttrs } from './attention-kernels.js';
export {
  GROUP_NORM,
  GROUP_NORM_GRAD,
  LAYER_NORM,
  LAYER_NORM_GRAD,
  LAYER_NORM_KERNELS,
  groupNormDims,
  NORM_ACT_GRADIENTS,
  NORM_ACT_KERNELS,
  SILU,
  SILU_GRAD,
  SWISH,
  SWISH_GRAD,
  SWISH_KERNELS,
  TRANSFORMER_NORM_ACT_GRADIENTS,
} from './norm-act-kernels.js';
export type { GroupNormAttrs, LayerNormAttrs } from './norm-act-kernels.js';
export {
  DENSE,
  DENSE_ACTIVATIONS,
  DENSE_GRAD,
  DENSE_GRADIENTS,
  DENSE_KERNELS,
  nativeDense,
  nativeDenseGrad,
} from './dense-kernels.js';
export type { DenseActivation } from './dense-kernels.js';
export {
  EMBEDDING_KERNELS,
  embeddingFrequencies,
  hostSinusoidalEmbedding,
  SINUSOIDAL_EMBEDDING,
  SINUSOIDAL_EMBEDDING_GRADIENT,
} from './embedding-kernels.js';
export type { SinusoidalEmbeddingAttrs } from './embedding-kernels.js';
export {
  EMA_KERNELS,
  EMA_UPDATE,
  GRAD_NORM_KERNELS,
  hostEmaUpdate,
  hostSumOfSquares,
  SUM_OF_SQUARES,
} from './training-kernels.js';
