import * as tf from '@tensorflow/tfjs';
import { loadAddon, requireAddon } from './addon.js';
import { installFusedAdam, uninstallFusedAdam } from './fused-adam.js';
import { installNativeKernels, uninstallNativeKernels } from './install-kernels.js';
import { wasmMemory } from './kernel-memory.js';

/**
 * Replaces the wasm backend's matMul, conv2d (forward and both gradients) and `Sum` kernels by the addon's (reading and
 * writing the WebAssembly heap in place, OpenBLAS SGEMM); every other kernel stays wasm's. Global, like every tfjs kernel
 * registration; idempotent. Import `@tensorflow/tfjs-backend-wasm` first. Returns the kernel names now native.
 * Also makes `tf.AdamOptimizer` step through the fused `UdmFusedAdam` kernel (see fused-adam.ts).
 */
export function installNativeWasmKernels(): string[] {
  requireAddon();
  if (tf.getKernel('BatchMatMul', 'wasm') === undefined) {
    throw new Error(
      "installNativeWasmKernels: the wasm kernels are not registered; import '@tensorflow/tfjs-backend-wasm' first",
    );
  }
  const names = installNativeKernels('wasm', wasmMemory);
  // UDM_NATIVE_FUSED_ADAM=0 keeps tfjs's own Adam (to measure what the fused step adds).
  if (process.env['UDM_NATIVE_FUSED_ADAM'] !== '0') installFusedAdam();
  return names;
}

/** Restores the wasm kernels `installNativeWasmKernels` replaced. Idempotent. */
export function uninstallNativeWasmKernels(): void {
  uninstallNativeKernels('wasm');
  uninstallFusedAdam();
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
