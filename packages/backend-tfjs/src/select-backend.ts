import * as tf from '@tensorflow/tfjs';
import { DEFAULT_BACKEND_ORDER, type BackendName } from './backend-name.js';
import { BACKEND_LOADERS, type LoadOptions } from './backend-loaders.js';
import { firstLine } from './import-optional.js';

export interface SelectBackendOptions extends LoadOptions {
  /**
   * Use exactly this backend; if it fails, throw (no fallback). Without it the default order
   * `tensorflow-gpu → webgpu → tensorflow → native → wasm → cpu` is tried (`webgpu` only on a real GPU adapter, not
   * on a CPU emulation such as SwiftShader, which it uses only when preferred; `native` only where
   * `@udm/backend-native`'s addon is built).
   */
  prefer?: BackendName;
  /** The order to try when nothing is preferred (default `DEFAULT_BACKEND_ORDER`; pages use `BROWSER_BACKEND_ORDER`). */
  order?: readonly BackendName[];
  /**
   * Receives one short line naming the chosen backend, its threads and BLAS (`backend: native (wasm SIMD + OpenBLAS,
   * 1 thread)`); default `console.error`.
   */
  log?: (message: string) => void;
  /** Log the long line instead: versions, kernel fixes and why each backend before it was passed over. */
  verbose?: boolean;
}

export interface SkippedBackend {
  name: BackendName;
  reason: string;
}

export interface SelectedBackend {
  name: BackendName;
  /** The name tfjs knows it by (`tf.getBackend()`): 'tensorflow', 'wasm', 'cpu', 'webgpu' or 'webgl'. */
  tfBackendName: string;
  /** Kernel fixes installed for this backend (see `installWasmFixes`). */
  fixes: string[];
  detail: string;
  /** The few words of the short log line (threads, BLAS). */
  summary: string;
  /** Backends tried before this one, with the reason each was passed over. */
  skipped: SkippedBackend[];
}

let active: SelectedBackend | undefined;

/**
 * The backend that runs now, by our name (`native`, not the `wasm` tfjs knows it by): the one `selectBackend` chose,
 * or tfjs's own name when something else set the backend since. Checkpoints and sample metadata record this.
 */
export function activeBackendName(): string {
  const tfName = tf.getBackend();
  return active !== undefined && active.tfBackendName === tfName ? active.name : tfName;
}

/**
 * Silences TensorFlow.js's console chatter (the "Hi, looks like you are running TensorFlow.js in Node.js" banner and
 * other `tf` warnings printed through its logger) by turning on its production mode; errors still throw.
 */
export function silenceTfjsNotices(): void {
  tf.env().set('PROD', true);
}

/** Activates the best available TensorFlow.js backend (see `SelectBackendOptions.prefer`). */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
  silenceTfjsNotices();
  const log = options.log ?? ((message: string) => console.error(message));
  const order = options.prefer === undefined ? (options.order ?? DEFAULT_BACKEND_ORDER) : [options.prefer];
  const skipped: SkippedBackend[] = [];
  for (const name of order) {
    const loader = BACKEND_LOADERS[name];
    if (loader === undefined) throw new Error(`unknown backend '${String(name)}'`);
    try {
      const loaded = await loader(options, options.prefer !== undefined);
      const extras = [
        ...(loaded.fixes.length > 0 ? [`fixes: ${loaded.fixes.join(', ')}`] : []),
        ...skipped.map((s) => `${s.name} unavailable: ${s.reason}`),
      ];
      log(
        options.verbose
          ? `backend: ${name} (${[loaded.detail, ...extras].join('; ')})`
          : `backend: ${name} (${loaded.summary})`,
      );
      active = { name, ...loaded, skipped };
      return active;
    } catch (error) {
      if (options.prefer !== undefined) {
        throw new Error(`backend '${name}' was requested but cannot be used: ${firstLine(error)}`, {
          cause: error,
        });
      }
      skipped.push({ name, reason: firstLine(error) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could be activated: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}
