import * as tf from '@tensorflow/tfjs';
import { transposedBatchMatMulFix } from './wasm-fixes/batch-mat-mul.js';
import { conv2DBackpropFilterFix } from './wasm-fixes/conv2d-backprop-filter.js';
import { conv2DBackpropInputFix } from './wasm-fixes/conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilterFix } from './wasm-fixes/depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputFix } from './wasm-fixes/depthwise-conv2d-backprop-input.js';
import { fusedMatMulFix } from './wasm-fixes/fused-mat-mul.js';
import { unsortedSegmentSumFix } from './wasm-fixes/unsorted-segment-sum.js';
import {
  installWasmFix,
  uninstallWasmFix,
  wasmFixState,
  type WasmFix,
  type WasmFixState,
} from './wasm-fixes/wasm-fix.js';

/** Every fix, in installation order. */
export const WASM_FIXES: readonly WasmFix[] = [
  transposedBatchMatMulFix,
  fusedMatMulFix,
  conv2DBackpropFilterFix,
  conv2DBackpropInputFix,
  depthwiseConv2dBackpropFilterFix,
  depthwiseConv2dBackpropInputFix,
  unsortedSegmentSumFix,
];

function assertWasmRegistered(): void {
  if (tf.getKernel('BatchMatMul', 'wasm') === undefined) {
    throw new Error(
      `installWasmFixes: the wasm kernels are not registered; import '@tensorflow/tfjs-backend-wasm' first ` +
        `(selectBackend() does this)`,
    );
  }
}

/**
 * Installs every wasm fix (kernel re-registrations for 'wasm'; global, like all tfjs kernels).
 * Idempotent: a second call wraps nothing twice. Works before or after `setBackend('wasm')`.
 * Returns the names of the fixes now in place; fixes stock wasm does not need are left out.
 */
export function installWasmFixes(): string[] {
  assertWasmRegistered();
  return WASM_FIXES.filter((fix) => installWasmFix(fix) === 'installed').map((fix) => fix.name);
}

/** Restores the stock wasm kernels (for before/after measurements and tests). Idempotent. */
export function uninstallWasmFixes(): void {
  for (const fix of [...WASM_FIXES].reverse()) uninstallWasmFix(fix);
}

/** State of each fix, by name. */
export function wasmFixStates(): Record<string, WasmFixState> {
  return Object.fromEntries(WASM_FIXES.map((fix) => [fix.name, wasmFixState(fix)]));
}
