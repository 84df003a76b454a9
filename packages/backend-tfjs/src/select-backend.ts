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
  /** Receives one line naming the chosen backend; default `console.error`. */
  log?: (message: string) => void;
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
  /** Backends tried before this one, with the reason each was passed over. */
  skipped: SkippedBackend[];
}

/** Activates the best available TensorFlow.js backend (see `SelectBackendOptions.prefer`). */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<SelectedBackend> {
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
      log(`backend: ${name} (${[loaded.detail, ...extras].join('; ')})`);
      return { name, ...loaded, skipped };
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
