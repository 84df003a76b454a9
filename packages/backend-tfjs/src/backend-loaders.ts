import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backend-name.js';
import { importOptional } from './import-optional.js';
import { installWasmFixes } from './install-wasm-fixes.js';
import { loadWebGpuBackend } from './webgpu-loader.js';

/** The `.wasm` files of tfjs-backend-wasm by name, e.g. the URLs a bundler gave them. */
export type WasmFileUrls = Partial<
  Record<
    'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm',
    string
  >
>;

export interface LoadOptions {
  /**
   * Folder (URL or path prefix) holding the tfjs-backend-wasm `.wasm` files, or each file's URL; default: the
   * package's own.
   */
  wasmPaths?: string | WasmFileUrls;
  /** Install the wasm kernel fixes (default true; false only to measure stock wasm). */
  wasmFixes?: boolean;
}

/** What a loader reports once its backend is active. */
export interface LoadedBackend {
  tfBackendName: string;
  /** One line for the log, e.g. `tfjs-backend-wasm 4.22.0, SIMD, 1 thread`. */
  detail: string;
  /** A few words for the short log line: threads and BLAS, e.g. `SIMD, 1 thread` or `OpenBLAS, 4 threads`. */
  summary: string;
  fixes: string[];
}

/**
 * Activates one backend or throws an error whose message says why not. `requested`: the backend was asked for by
 * name (then a webgpu adapter that only emulates a GPU on the CPU is accepted).
 */
export type BackendLoader = (options: LoadOptions, requested: boolean) => Promise<LoadedBackend>;

async function activate(tfBackendName: string, what: string): Promise<void> {
  const ok = await tf.setBackend(tfBackendName);
  if (!ok) throw new Error(`tf.setBackend('${tfBackendName}') failed after loading ${what}`);
  await tf.ready();
}

function tensorflowLoader(pkg: string): BackendLoader {
  return async () => {
    const loaded = await importOptional(pkg);
    if (!loaded.ok) throw new Error(`${pkg}: ${loaded.reason}`);
    await activate('tensorflow', pkg);
    return { tfBackendName: 'tensorflow', detail: pkg, summary: `libtensorflow (${pkg})`, fixes: [] };
  };
}

interface NativeModule {
  loadAddon(): { ok: true } | { ok: false; reason: string };
  installNativeWasmKernels(): string[];
  uninstallNativeWasmKernels(): void;
  nativeDetail(): string;
  nativeSummary?(): string;
}

interface WasmModule {
  setWasmPaths(prefix: string | WasmFileUrls): void;
  getThreadsCount(): number;
  version_wasm: string;
}

/** Set once `native` was loaded: its kernels replace wasm's globally, so plain `wasm` first restores them. */
let nativeModule: NativeModule | undefined;

const loadWasm: BackendLoader = async (options) => {
  nativeModule?.uninstallNativeWasmKernels();
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as WasmModule;
  const paths = options.wasmPaths;
  if (typeof paths === 'string') {
    // Without the trailing slash initialization fails ("Initialization of backend wasm failed").
    wasm.setWasmPaths(paths.endsWith('/') ? paths : `${paths}/`);
  } else if (paths !== undefined) {
    wasm.setWasmPaths(paths);
  }
  await activate('wasm', '@tensorflow/tfjs-backend-wasm (check wasmPaths: it must hold the .wasm files)');
  const fixes = options.wasmFixes === false ? [] : installWasmFixes();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = wasm.getThreadsCount();
  return {
    tfBackendName: 'wasm',
    detail: `tfjs-backend-wasm ${wasm.version_wasm}, ${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`,
    summary: `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`,
    fixes,
  };
};

const loadCpu: BackendLoader = async () => {
  await activate('cpu', '@tensorflow/tfjs');
  return {
    tfBackendName: 'cpu',
    detail: `tfjs ${tf.version.tfjs}, JavaScript kernels`,
    summary: 'JavaScript kernels, 1 thread',
    fixes: [],
  };
};

const loadWebGpu: BackendLoader = async (_options, requested) => {
  const { adapter, version } = await loadWebGpuBackend(requested);
  return {
    tfBackendName: 'webgpu',
    detail: `tfjs-backend-webgpu ${version} on Dawn, adapter ${adapter}`,
    summary: `Dawn, adapter ${adapter}`,
    fixes: [],
  };
};

const loadWebgl: BackendLoader = async () => {
  if (tf.findBackendFactory('webgl') === null)
    throw new Error('no WebGL here: @tensorflow/tfjs registers its webgl backend only in a browser');
  await activate('webgl', '@tensorflow/tfjs (WebGL needs a browser with a WebGL context)');
  return {
    tfBackendName: 'webgl',
    detail: `tfjs ${tf.version.tfjs}, WebGL kernels`,
    summary: 'GPU (WebGL)',
    fixes: [],
  };
};

/** wasm (with its fixes) plus the native kernels of the optional `@udm/backend-native` addon (docs/backends.md). */
const loadNative: BackendLoader = async (options, requested) => {
  const native = await importOptional<NativeModule>('@udm/backend-native');
  if (!native.ok) throw new Error(`@udm/backend-native: ${native.reason}`);
  const addon = native.module.loadAddon();
  if (!addon.ok) throw new Error(`@udm/backend-native: ${addon.reason}`);
  const wasm = await loadWasm(options, requested);
  nativeModule = native.module;
  const kernels = native.module.installNativeWasmKernels();
  return {
    tfBackendName: 'wasm',
    detail: `${wasm.detail} + native kernels on ${native.module.nativeDetail()}`,
    summary: `wasm ${wasm.summary.split(',')[0]} + ${native.module.nativeSummary?.() ?? native.module.nativeDetail()}`,
    fixes: [...wasm.fixes, ...kernels.map((k) => `native-${k}`)],
  };
};

export const BACKEND_LOADERS: Readonly<Record<BackendName, BackendLoader>> = {
  'tensorflow-gpu': tensorflowLoader('@tensorflow/tfjs-node-gpu'),
  tensorflow: tensorflowLoader('@tensorflow/tfjs-node'),
  wasm: loadWasm,
  cpu: loadCpu,
  webgpu: loadWebGpu,
  webgl: loadWebgl,
  native: loadNative,
};
