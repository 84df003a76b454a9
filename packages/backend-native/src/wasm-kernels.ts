import * as tf from '@tensorflow/tfjs';
import { loadAddon, requireAddon } from './addon.js';
import { installNativeKernels, uninstallNativeKernels } from './install-kernels.js';
import { wasmMemory } from './kernel-memory.js';
import { leversOnByEnv, NATIVE_LEVERS } from './levers.js';

/**
 * Replaces the wasm backend's matMul, conv2d (forward and both gradients) and `Sum` kernels by the addon's (reading and
 * writing the WebAssembly heap in place, OpenBLAS SGEMM); every other kernel stays wasm's. Global, like every tfjs kernel
 * registration; idempotent. Import `@tensorflow/tfjs-backend-wasm` first. Returns the kernel names now native.
 * Also switches on the levers of `NATIVE_LEVERS` that are on by default (fused Adam, GroupNorm/SiLU) or named by
 * `UDM_NATIVE_ON`, less those `UDM_NATIVE_OFF` names (see levers.ts).
 */
export function installNativeWasmKernels(): string[] {
  requireAddon();
  if (tf.getKernel('BatchMatMul', 'wasm') === undefined) {
    throw new Error(
      "installNativeWasmKernels: the wasm kernels are not registered; import '@tensorflow/tfjs-backend-wasm' first",
    );
  }
  const on = leversOnByEnv();
  const names = installNativeKernels('wasm', wasmMemory);
  for (const [name, lever] of Object.entries(NATIVE_LEVERS)) if (on.includes(name)) lever.enable();
  return names;
}

/** Restores the wasm kernels `installNativeWasmKernels` replaced. Idempotent. */
export function uninstallNativeWasmKernels(): void {
  for (const lever of Object.values(NATIVE_LEVERS)) lever.disable();
  uninstallNativeKernels('wasm');
}

/** One line for logs: which BLAS the addon runs on, e.g. `OpenBLAS (libopenblas.so.0), 1 thread`. */
/** A few words for the short backend line: the BLAS and its threads, e.g. `OpenBLAS, 4 threads`. */
export function nativeSummary(): string {
  const load = loadAddon();
  if (!load.ok) return 'native addon unavailable';
  const info = load.addon.info();
  const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  return info.blas === 'openblas' ? `OpenBLAS, ${threads}` : `portable C++ SGEMM (no OpenBLAS), ${threads}`;
}

export function nativeDetail(): string {
  const load = loadAddon();
  if (!load.ok) return `unavailable: ${load.reason}`;
  const info = load.addon.info();
  return info.blas === 'openblas'
    ? `OpenBLAS (${info.library}), ${info.threads} thread${info.threads === 1 ? '' : 's'}`
    : `portable C++ SGEMM (OpenBLAS not loaded: ${info.loadError})`;
}
