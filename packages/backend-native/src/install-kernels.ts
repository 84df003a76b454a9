import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { requireAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';
import { NATIVE_KERNEL_FACTORIES, type NativeKernelFactory } from './native-kernels.js';

/** Marks our registrations (global symbol, so two copies of this package agree) and keeps what they replaced. */
const MARK = Symbol.for('@udm/backend-native.kernel');

interface Marked {
  /** The registration replaced, or null where the backend had none. */
  [MARK]?: KernelConfig | null;
}

/** A kernel config for `backendName` whose function is `kernelFunc`, keeping `base`'s setup and dispose. */
function withKernelFunc(base: KernelConfig, backendName: string, kernelFunc: KernelFunc): KernelConfig {
  return { ...base, backendName, kernelFunc };
}

/** Where the backend lacks a kernel (stock wasm has no Conv2DBackpropFilter): what cases outside the addon get. */
function missing(kernelName: string, backendName: string): KernelFunc {
  return () => {
    throw new Error(
      `Kernel '${kernelName}' not registered for backend '${backendName}' (the native one covers float32 NHWC only)`,
    );
  };
}

/**
 * Replaces the kernels of `factories` (default `NATIVE_KERNEL_FACTORIES`) on `backendName` by native ones reading
 * that backend's storage through `memory`, keeping each replaced kernel as the fallback for cases the addon does not
 * cover, and adding the ones the backend lacks. Idempotent; returns the names of the kernels now native.
 */
export function installNativeKernels(
  backendName: string,
  memory: MemoryFactory,
  factories: Readonly<Record<string, NativeKernelFactory>> = NATIVE_KERNEL_FACTORIES,
): string[] {
  const addon = requireAddon();
  const names: string[] = [];
  for (const [kernelName, factory] of Object.entries(factories)) {
    const registered = tf.getKernel(kernelName, backendName) as KernelConfig | undefined;
    if ((registered?.kernelFunc as Marked | undefined)?.[MARK] === undefined) {
      const fallback = registered?.kernelFunc ?? missing(kernelName, backendName);
      const fn = factory(addon, memory, fallback) as Marked & KernelFunc;
      fn[MARK] = registered ?? null;
      if (registered !== undefined) tf.unregisterKernel(kernelName, backendName);
      tf.registerKernel(
        withKernelFunc(registered ?? { kernelName, backendName, kernelFunc: fallback }, backendName, fn),
      );
    }
    names.push(kernelName);
  }
  return names;
}

/**
 * Restores the kernels of `factories` (default `NATIVE_KERNEL_FACTORIES`) that `installNativeKernels` replaced on
 * `backendName` (and removes those it added). Idempotent.
 */
export function uninstallNativeKernels(
  backendName: string,
  factories: Readonly<Record<string, NativeKernelFactory>> = NATIVE_KERNEL_FACTORIES,
): void {
  for (const kernelName of Object.keys(factories)) {
    const current = tf.getKernel(kernelName, backendName) as KernelConfig | undefined;
    const original = (current?.kernelFunc as Marked | undefined)?.[MARK];
    if (original === undefined) continue;
    tf.unregisterKernel(kernelName, backendName);
    if (original !== null) tf.registerKernel(original);
  }
}
