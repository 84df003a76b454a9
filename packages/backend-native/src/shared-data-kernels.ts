import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { MemoryFactory } from './kernel-memory.js';

interface RefCounted {
  incRef?(dataId: object): void;
}

/** A new reference to `x`'s data (no copy), where the backend counts references (wasm and cpu do). */
function share(x: TensorInfo, backend: unknown): TensorInfo | undefined {
  const b = backend as RefCounted;
  if (x.dtype === 'string' || typeof b.incRef !== 'function') return undefined;
  b.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * `Identity` sharing the input's data, as the cpu backend does; stock wasm copies it (hundreds of copies per U-Net
 * training step, from the gradient tape and the optimizer). Safe because no kernel writes into its inputs.
 */
export function sharedIdentity(
  _addon: NativeAddon,
  _memory: MemoryFactory,
  fallback: KernelFunc,
): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    return share(x, args.backend) ?? fallback(args);
  };
}

/** `Cast` to the dtype the input already has, sharing its data; real conversions go to `fallback`. */
export function sharedCast(_addon: NativeAddon, _memory: MemoryFactory, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as { dtype: string };
    return (dtype === x.dtype ? share(x, args.backend) : undefined) ?? fallback(args);
  };
}
