import type * as NodeFs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { importOptional } from './import-optional.js';

/** What Dawn reports about a WebGPU adapter (`GPUAdapterInfo`). */
export interface WebGpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

interface WebGpuAdapter {
  info?: WebGpuAdapterInfo;
  isFallbackAdapter?: boolean;
}

interface DawnModule {
  create(options: string[]): { requestAdapter(options?: object): Promise<WebGpuAdapter | null> };
  globals: object;
}

/**
 * True for an adapter that emulates a GPU on the CPU (SwiftShader, llvmpipe/lavapipe, WARP): it runs the same WGSL
 * kernels as a real GPU but far slower than our CPU backends, so it is used only when webgpu is asked for by name.
 */
export function isCpuAdapter(info: WebGpuAdapterInfo): boolean {
  if (info.isFallbackAdapter === true) return true;
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ');
  return /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|warp/i.test(text);
}

/** One line naming the adapter, e.g. `SwiftShader driver 5.0.0 (google swiftshader; CPU emulation)`. */
export function describeAdapter(info: WebGpuAdapterInfo): string {
  const name = info.description || info.device || 'unnamed adapter';
  const kind = [info.vendor, info.architecture].filter((s) => s).join(' ');
  return `${name}${kind ? ` (${kind}${isCpuAdapter(info) ? '; CPU emulation' : ''})` : isCpuAdapter(info) ? ' (CPU emulation)' : ''}`;
}

/**
 * On Linux Dawn reaches the GPU through the Vulkan loader `libvulkan.so.1`; without one it prints a warning and finds
 * no adapter. Looked up first (LD_LIBRARY_PATH, the ld.so cache) so that the default backend order skips webgpu
 * quietly on machines without Vulkan. Other platforms (Metal, D3D12) are probed directly.
 */
export async function vulkanLoaderFound(): Promise<boolean> {
  if (typeof process === 'undefined' || process.platform !== 'linux') return true;
  // A variable specifier: the browser entry shares this file and must not pull in node:fs.
  const fs = await importOptional<typeof NodeFs>('node:fs');
  if (!fs.ok) return true;
  for (const dir of (process.env['LD_LIBRARY_PATH'] ?? '').split(':')) {
    if (dir !== '' && fs.module.existsSync(`${dir.replace(/\/$/, '')}/libvulkan.so.1`)) return true;
  }
  try {
    return fs.module.readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

let dawnGpu: { requestAdapter(options?: object): Promise<WebGpuAdapter | null> } | undefined;

/**
 * Activates tfjs-backend-webgpu on Dawn (npm `webgpu`). `requested`: webgpu was asked for by name, so a CPU-emulated
 * adapter (SwiftShader) is accepted; in the default order only a real GPU is. Returns the adapter's description.
 */
export async function loadWebGpuBackend(requested: boolean): Promise<{ adapter: string; version: string }> {
  if (!requested && !(await vulkanLoaderFound()))
    throw new Error('no Vulkan loader (libvulkan.so.1) on this machine, so no GPU adapter');
  const dawn = await importOptional<DawnModule>('webgpu');
  if (!dawn.ok) throw new Error(`npm package 'webgpu' (Dawn): ${dawn.reason}`);
  dawnGpu ??= dawn.module.create([]);
  const adapter = await dawnGpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter == null) {
    throw new Error(
      'no WebGPU adapter (without a GPU: Debian chromium ships SwiftShader; run with ' +
        'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium)',
    );
  }
  // GPUAdapterInfo's fields are getters on its prototype: copied one by one.
  const i = adapter.info ?? {};
  const info: WebGpuAdapterInfo = {
    vendor: i.vendor,
    architecture: i.architecture,
    device: i.device,
    description: i.description,
    isFallbackAdapter: i.isFallbackAdapter ?? adapter.isFallbackAdapter,
  };
  if (!requested && isCpuAdapter(info)) {
    throw new Error(
      `the WebGPU adapter is a CPU emulation (${describeAdapter(info)}); ask for it by name (--backend webgpu) to use it`,
    );
  }
  // The backend reads navigator.gpu and the GPU* globals when it is imported: set them, then load it.
  Object.assign(globalThis, dawn.module.globals);
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator === undefined) g.navigator = { gpu: dawnGpu };
  else if (g.navigator.gpu === undefined) Object.defineProperty(g.navigator, 'gpu', { value: dawnGpu });
  // A bundle (the GPU kit) may have imported the backend already, into its one tfjs engine: then it is registered.
  const backend =
    tf.findBackendFactory('webgpu') === null
      ? await importOptional<{ version_webgpu?: string }>('@tensorflow/tfjs-backend-webgpu')
      : { ok: true as const, module: {} };
  if (!backend.ok) throw new Error(`@tensorflow/tfjs-backend-webgpu: ${backend.reason}`);
  const ok = await tf.setBackend('webgpu');
  if (!ok) throw new Error(`tf.setBackend('webgpu') failed on ${describeAdapter(info)}`);
  await tf.ready();
  explainSyncReads(tf.backend());
  return { adapter: describeAdapter(info), version: backend.module.version_webgpu ?? tf.version.tfjs };
}

/**
 * tfjs-backend-webgpu reads synchronously through an OffscreenCanvas, which Node lacks; without this the failure is
 * "OffscreenCanvas is not defined". Replaced by an error that says what to change.
 */
function explainSyncReads(backend: tf.KernelBackend): void {
  if (typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined') return;
  const b = backend as unknown as { readSync(dataId: object): unknown; __udmSyncReadsExplained?: boolean };
  if (b.__udmSyncReadsExplained) return;
  const original = b.readSync.bind(b);
  b.readSync = (dataId: object) => {
    try {
      return original(dataId);
    } catch (error) {
      if (!/OffscreenCanvas/.test(String(error))) throw error;
      throw new Error(
        'the webgpu backend cannot read a tensor synchronously in Node (dataSync/arraySync/bufferSync need an ' +
          'OffscreenCanvas); this code path must read with `await tensor.data()`',
        { cause: error },
      );
    }
  };
  b.__udmSyncReadsExplained = true;
}
