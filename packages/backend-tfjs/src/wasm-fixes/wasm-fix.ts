import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';

/** Marks kernel functions registered by a fix; global so that two copies of this package agree. */
const FIX_MARK = Symbol.for('@udm/backend-tfjs.wasm-fix');

interface MarkedKernelFunc extends KernelFunc {
  [FIX_MARK]?: { fix: string; original: KernelConfig | undefined };
}

/** One named repair of the wasm backend, made of kernel (re-)registrations. */
export interface WasmFix {
  /** Stable id, e.g. `'transposed-batch-matmul'`. */
  readonly name: string;
  /** One line: what is wrong on stock wasm and what the fix does. */
  readonly description: string;
  /** The kernels this fix registers for 'wasm'. */
  readonly kernels: readonly WasmKernelFix[];
}

/**
 * How one kernel is (re-)registered. `wrap` receives the stock wasm kernel, or `undefined` where
 * stock wasm has none (then the fix adds the kernel).
 */
export interface WasmKernelFix {
  readonly kernelName: string;
  /** Adds a kernel stock wasm lacks: where a stock kernel exists, it is kept and this is skipped. */
  readonly onlyIfMissing?: boolean;
  readonly wrap: (original: KernelConfig | undefined) => KernelFunc;
}

/** `not-needed`: every kernel of the fix is `onlyIfMissing` and stock wasm already has it. */
export type WasmFixState = 'installed' | 'not-installed' | 'not-needed' | 'partial';

function markOf(kernelName: string): MarkedKernelFunc[typeof FIX_MARK] {
  const current = tf.getKernel(kernelName, 'wasm') as KernelConfig | undefined;
  return current === undefined ? undefined : (current.kernelFunc as MarkedKernelFunc)[FIX_MARK];
}

function isStock(k: WasmKernelFix): boolean {
  const current = tf.getKernel(k.kernelName, 'wasm') as KernelConfig | undefined;
  return current !== undefined && markOf(k.kernelName) === undefined;
}

export function wasmFixState(fix: WasmFix): WasmFixState {
  const needed = fix.kernels.filter((k) => !(k.onlyIfMissing === true && isStock(k)));
  if (needed.length === 0) return 'not-needed';
  const marked = needed.filter((k) => markOf(k.kernelName)?.fix === fix.name).length;
  if (marked === 0) return 'not-installed';
  return marked === needed.length ? 'installed' : 'partial';
}

/**
 * Registers the fix's kernels for 'wasm'. Idempotent: kernels already fixed are left alone (never
 * wrapped twice). Returns the fix's state afterwards.
 */
export function installWasmFix(fix: WasmFix): WasmFixState {
  for (const k of fix.kernels) {
    if (markOf(k.kernelName)?.fix === fix.name) continue;
    if (k.onlyIfMissing === true && isStock(k)) continue;
    const original = tf.getKernel(k.kernelName, 'wasm') as KernelConfig | undefined;
    const kernelFunc: MarkedKernelFunc = k.wrap(original);
    kernelFunc[FIX_MARK] = { fix: fix.name, original };
    if (original !== undefined) tf.unregisterKernel(k.kernelName, 'wasm');
    const config: KernelConfig = { kernelName: k.kernelName, backendName: 'wasm', kernelFunc };
    // Keep the stock setup (it binds the C++ function the original kernelFunc calls); the engine
    // calls setupFunc whenever the wasm backend is (re)activated.
    if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
    if (original?.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc;
    tf.registerKernel(config);
  }
  return wasmFixState(fix);
}

/** Restores the stock registrations (or removes added kernels). Idempotent. */
export function uninstallWasmFix(fix: WasmFix): void {
  for (const k of fix.kernels) {
    const mark = markOf(k.kernelName);
    if (mark?.fix !== fix.name) continue;
    tf.unregisterKernel(k.kernelName, 'wasm');
    if (mark.original !== undefined) tf.registerKernel(mark.original);
  }
}

/** The stock kernel function, or an error naming the kernel when stock wasm lacks it. */
export function requireOriginal(kernelName: string, original: KernelConfig | undefined): KernelFunc {
  if (original === undefined) {
    throw new Error(`wasm fix: stock kernel '${kernelName}' is not registered for 'wasm'`);
  }
  return original.kernelFunc;
}
