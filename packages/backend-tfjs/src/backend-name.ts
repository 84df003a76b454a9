/**
 * Our names for the TensorFlow.js backends we can select (`tfBackendName` is tfjs's own):
 * - `tensorflow-gpu`: `@tensorflow/tfjs-node-gpu` (libtensorflow with CUDA) → tfjs backend 'tensorflow'
 * - `tensorflow`: `@tensorflow/tfjs-node` (libtensorflow, CPU) → 'tensorflow'
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD), with our kernel fixes → 'wasm'
 * - `cpu`: plain JavaScript kernels of `@tensorflow/tfjs` → 'cpu'
 * - `webgpu`: `@tensorflow/tfjs-backend-webgpu` on Dawn (npm `webgpu`) → 'webgpu'; in the default order only on a
 *   real GPU adapter, on a CPU emulation (SwiftShader, lavapipe) only when asked for by name
 * - `webgl`: the WebGL kernels of `@tensorflow/tfjs` (browsers only) → 'webgl'
 * - `native`: wasm with its matMul, conv2d, Sum and broadcasting elementwise kernels replaced by the optional
 *   `@udm/backend-native` addon (OpenBLAS loaded at run time) → 'wasm'; tried before `wasm` where the addon is built
 */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu' | 'webgpu' | 'webgl' | 'native';

/**
 * Tried in this order when no backend is preferred: libtensorflow with CUDA, then WebGPU on a real GPU (a CPU-emulated
 * adapter is passed over), then the CPU backends.
 */
export const DEFAULT_BACKEND_ORDER: readonly BackendName[] = [
  'tensorflow-gpu',
  'webgpu',
  'tensorflow',
  'native',
  'wasm',
  'cpu',
];

/** Every backend name, in the one order `--help`, the docs and errors list them: the default order, then `webgl`. */
export const BACKEND_NAMES: readonly BackendName[] = [...DEFAULT_BACKEND_ORDER, 'webgl'];

/** The order for a web page: the GPU through WebGL if the browser has it, else wasm, else plain JavaScript. */
export const BROWSER_BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

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
