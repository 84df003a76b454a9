/** The setup every wasm-fix test file shares, as one call. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll } from 'vitest';
import { installWasmFixes } from '../install-wasm-fixes.js';
import { activateWasmWithFixes, restoreBackend } from './backends.js';

/**
 * For the enclosing test file: wasm with every fix is the active backend; afterwards the fixes are installed again
 * (a test may have removed some) and the previous backend comes back. `checkLeaks` turns on tfjs's test mode, in
 * which the engine checks every kernel for leaked buffers.
 */
export function useWasmWithFixes(options: { checkLeaks?: boolean } = {}): void {
  let previous: string | undefined;
  beforeAll(async () => {
    if (options.checkLeaks ?? true) tf.env().set('IS_TEST', true);
    previous = await activateWasmWithFixes();
  });
  afterAll(async () => {
    installWasmFixes();
    await restoreBackend(previous);
  });
}
