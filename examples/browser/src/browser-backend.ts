import { BROWSER_BACKEND_ORDER, selectBackend, type SelectedBackend } from '@udm/backend-tfjs/browser';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Renderers that run WebGL on the CPU (Chromium's SwiftShader, Mesa's llvmpipe): wasm is faster there. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/** The WebGL renderer's name, or undefined when the browser has no WebGL or hides the name. */
export function webglRenderer(): string | undefined {
  const gl =
    document.createElement('canvas').getContext('webgl2') ??
    document.createElement('canvas').getContext('webgl');
  if (gl === null) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return typeof name === 'string' ? name : undefined;
}

/**
 * Activates WebGL on a hardware GPU, else wasm (its `.wasm` files served by Vite), else plain JavaScript.
 * `prefer` (the page's `?backend=webgl|wasm|cpu`) asks for exactly one, software WebGL included.
 */
export function selectBrowserBackend(
  prefer: string | null,
  log: (line: string) => void,
): Promise<SelectedBackend> {
  let order = BROWSER_BACKEND_ORDER.filter((name) => prefer === null || name === prefer);
  if (order.length === 0)
    throw new Error(`backend: '${prefer}' is not one of ${BROWSER_BACKEND_ORDER.join(', ')}`);
  const renderer = prefer === null ? webglRenderer() : undefined;
  if (renderer !== undefined && SOFTWARE_RENDERER.test(renderer)) {
    log(`webgl skipped: software renderer (${renderer})`);
    order = order.filter((name) => name !== 'webgl');
  }
  return selectBackend({
    order,
    log,
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
    },
  });
}
