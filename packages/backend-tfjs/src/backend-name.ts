/**
 * Our names for the TensorFlow.js backends we can select (`tfBackendName` is tfjs's own):
 * - `tensorflow-gpu`: `@tensorflow/tfjs-node-gpu` (libtensorflow with CUDA) → tfjs backend 'tensorflow'
 * - `tensorflow`: `@tensorflow/tfjs-node` (libtensorflow, CPU) → 'tensorflow'
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD), with our kernel fixes → 'wasm'
 * - `cpu`: plain JavaScript kernels of `@tensorflow/tfjs` → 'cpu'
 * - `webgpu`: `@tensorflow/tfjs-backend-webgpu` on Dawn (npm `webgpu`); opt-in only → 'webgpu'
 */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu' | 'webgpu';

export const BACKEND_NAMES: readonly BackendName[] = [
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
  'webgpu',
];

/** Tried in this order when no backend is preferred; `webgpu` is never tried unless asked for. */
export const DEFAULT_BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export function isBackendName(s: string): s is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(s);
}

/** Validates a user-supplied backend name (CLI flag, config, env var). */
export function parseBackendName(s: string): BackendName {
  const name = s.trim().toLowerCase();
  if (isBackendName(name)) return name;
  throw new Error(
    `unknown backend '${s}': valid backends are ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}`,
  );
}
