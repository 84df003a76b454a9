import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs';
import { ATTENTION_GRADIENTS, ATTENTION_KERNELS } from './attention-kernels.js';
import { DENSE_GRADIENTS, DENSE_KERNELS } from './dense-kernels.js';
import { EMBEDDING_KERNELS, SINUSOIDAL_EMBEDDING_GRADIENT } from './embedding-kernels.js';
import { installFusedAdam, uninstallFusedAdam } from './fused-adam.js';
import { installNativeKernels, uninstallNativeKernels } from './install-kernels.js';
import { wasmMemory } from './kernel-memory.js';
import type { NativeKernelFactory } from './native-kernels.js';
import {
  LAYER_NORM_KERNELS,
  NORM_ACT_GRADIENTS,
  NORM_ACT_KERNELS,
  SWISH_KERNELS,
  TRANSFORMER_NORM_ACT_GRADIENTS,
} from './norm-act-kernels.js';
import { EMA_KERNELS, GRAD_NORM_KERNELS } from './training-kernels.js';

/**
 * One speed lever of the native backend (issue 17): a group of fused kernels that can be switched on and off on the
 * wasm backend, so that each is measured against the stock path in the same run (`bench/run.ts`, `BENCH_LEVERS`).
 * Off, the callers compose tfjs ops as without the addon.
 */
export interface NativeLever {
  readonly description: string;
  /** Whether `installNativeWasmKernels` switches it on (false for a lever not measured faster; `UDM_NATIVE_ON`). */
  readonly byDefault: boolean;
  enable(): void;
  disable(): void;
}

/** Registers `gradients` once (tfjs keeps one gradient per kernel name; ours only run where the kernels do). */
function registerGradients(gradients: readonly GradConfig[]): void {
  for (const g of gradients) if (tf.getGradient(g.kernelName) === undefined) tf.registerGradient(g);
}

function kernelLever(
  description: string,
  byDefault: boolean,
  kernels: Readonly<Record<string, NativeKernelFactory>>,
  gradients: readonly GradConfig[],
): NativeLever {
  return {
    description,
    byDefault,
    enable() {
      registerGradients(gradients);
      installNativeKernels('wasm', wasmMemory, kernels);
    },
    disable: () => uninstallNativeKernels('wasm', kernels),
  };
}

/** The levers, by name, in the order they were built. */
export const NATIVE_LEVERS: Readonly<Record<string, NativeLever>> = {
  'fused-adam': {
    description: 'tf.AdamOptimizer steps each variable in one UdmFusedAdam kernel',
    byDefault: true,
    enable: installFusedAdam,
    disable: uninstallFusedAdam,
  },
  'groupnorm-silu': kernelLever(
    'UdmSilu and UdmGroupNorm (optionally with SiLU) with one-kernel gradients, used by @udm/nets silu/groupNorm/groupNormSilu',
    true,
    NORM_ACT_KERNELS,
    NORM_ACT_GRADIENTS,
  ),
  'dense-activation': kernelLever(
    'UdmDense: x·W + b and linear/relu/silu in one kernel, its three gradients in one, used by @udm/nets dense',
    // Off by default: slower than the separate kernels in the interleaved bench of 6 Dec 2026 (docs/backends.md).
    false,
    DENSE_KERNELS,
    DENSE_GRADIENTS,
  ),
  'layer-norm': kernelLever(
    'UdmLayerNorm: LayerNorm over the last axis forward in one kernel, dx/dγ/dβ in one, used by @udm/nets layerNorm',
    true,
    LAYER_NORM_KERNELS,
    TRANSFORMER_NORM_ACT_GRADIENTS,
  ),
  'swish-gelu': kernelLever(
    'UdmSwish: x·σ(βx) and its gradient in one kernel each, used by @udm/nets gelu (β = 1.702)',
    true,
    SWISH_KERNELS,
    TRANSFORMER_NORM_ACT_GRADIENTS,
  ),
  'sinusoidal-embedding': kernelLever(
    'UdmSinusoidalEmbedding: the sin/cos time embedding in one kernel (five before), used by @udm/nets sinusoidalEmbedding',
    true,
    EMBEDDING_KERNELS,
    [SINUSOIDAL_EMBEDDING_GRADIENT],
  ),
  'fused-ema': kernelLever(
    'UdmEmaUpdate: the EMA update of every variable in one kernel (three per variable before), used by @udm/core Ema',
    // Off by default: not faster than the composed kernels in the CPU-time A/B of 6 Dec 2026 (docs/backends.md).
    false,
    EMA_KERNELS,
    [],
  ),
  'fused-grad-norm': kernelLever(
    'UdmSumOfSquares: Σ g² over every gradient in one kernel (two per gradient and an AddN before), used by @udm/core train()',
    // Off by default: not faster than the composed kernels in the CPU-time A/B of 6 Dec 2026 (docs/backends.md).
    false,
    GRAD_NORM_KERNELS,
    [],
  ),
  attention: kernelLever(
    'UdmAttention: multi-head softmax(scale·Q·Kᵀ)·V on heads interleaved along the width, dq/dk/dv in one kernel, used by @udm/nets selfAttention',
    // Off by default: not measured faster on masked-transformer-train (in-process A/B of 6 Dec 2026, docs/backends.md).
    false,
    ATTENTION_KERNELS,
    ATTENTION_GRADIENTS,
  ),
};

function lever(name: string): NativeLever {
  const l = NATIVE_LEVERS[name];
  if (l === undefined)
    throw new Error(
      `unknown native lever '${name}' (expected one of: ${Object.keys(NATIVE_LEVERS).join(', ')})`,
    );
  return l;
}

/** Switches lever `name` on or off on the wasm backend (after `installNativeWasmKernels`). */
export function setNativeLever(name: string, on: boolean): void {
  const l = lever(name);
  if (on) l.enable();
  else l.disable();
}

/**
 * The levers on after `installNativeWasmKernels`: those on by default, plus those `UDM_NATIVE_ON` names
 * (comma-separated, or `all`), less those `leversOffByEnv` names.
 */
export function leversOnByEnv(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const extra = leverList('UDM_NATIVE_ON', env);
  const off = leversOffByEnv(env);
  return Object.entries(NATIVE_LEVERS)
    .filter(([name, l]) => (l.byDefault || extra.includes(name)) && !off.includes(name))
    .map(([name]) => name);
}

/** The lever names an environment variable lists (comma-separated, or `all`); unknown names are errors. */
function leverList(variable: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const raw = env[variable]?.trim() ?? '';
  const named =
    raw === '' ? [] : raw === 'all' ? Object.keys(NATIVE_LEVERS) : raw.split(',').map((s) => s.trim());
  for (const n of named)
    if (NATIVE_LEVERS[n] === undefined)
      throw new Error(
        `${variable}: unknown lever '${n}' (expected a comma-separated list of: ${Object.keys(NATIVE_LEVERS).join(', ')}, or all)`,
      );
  return named;
}

/**
 * The levers switched off by the environment: `UDM_NATIVE_OFF` (comma-separated names, or `all`), and
 * `UDM_NATIVE_FUSED_ADAM=0` for `fused-adam`. Unknown names are an error naming the variable.
 */
export function leversOffByEnv(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const raw = env['UDM_NATIVE_OFF']?.trim() ?? '';
  const named =
    raw === '' ? [] : raw === 'all' ? Object.keys(NATIVE_LEVERS) : raw.split(',').map((s) => s.trim());
  for (const n of named)
    if (NATIVE_LEVERS[n] === undefined)
      throw new Error(
        `UDM_NATIVE_OFF: unknown lever '${n}' (expected a comma-separated list of: ${Object.keys(NATIVE_LEVERS).join(', ')}, or all)`,
      );
  if (env['UDM_NATIVE_FUSED_ADAM'] === '0' && !named.includes('fused-adam')) named.push('fused-adam');
  return named;
}
