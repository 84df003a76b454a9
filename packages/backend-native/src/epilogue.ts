import { util, type TensorInfo } from '@tensorflow/tfjs';
import { NATIVE_ACTIVATIONS } from './activation.js';
import type { NativeAddon } from './addon.js';
import type { KernelMemory } from './kernel-memory.js';

/** A fused kernel's bias and activation, as the addon's `biasActivation` applies them to rows of `n`. */
export interface Epilogue {
  readonly bias?: TensorInfo;
  readonly activation?: string;
  readonly leakyreluAlpha?: number;
}

/** Whether the addon can apply `e` to an output whose last dimension is `n` (bias [n] or [1], no prelu). */
export function epilogueSupported(e: Epilogue, n: number): boolean {
  if (NATIVE_ACTIVATIONS[e.activation ?? 'linear'] === undefined) return false;
  const { bias } = e;
  if (bias === undefined) return true;
  const size = util.sizeFromShape(bias.shape);
  return bias.dtype === 'float32' && (size === 1 || (size === n && bias.shape[bias.shape.length - 1] === n));
}

/** Applies `e` to `out` in place (a no-op for no bias and a linear activation). */
export function applyEpilogue(
  addon: NativeAddon,
  memory: KernelMemory,
  out: TensorInfo,
  n: number,
  e: Epilogue,
): void {
  const code = NATIVE_ACTIVATIONS[e.activation ?? 'linear']!;
  if (e.bias === undefined && code === 0) return;
  const bias = e.bias === undefined ? null : memory.view(e.bias);
  addon.biasActivation(memory.view(out), n, bias, code, e.leakyreluAlpha ?? 0.2);
}
