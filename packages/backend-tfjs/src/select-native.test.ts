import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { importOptional } from './import-optional.js';
import { activeBackendName, selectBackend } from './select-backend.js';

interface NativeModule {
  loadAddon(): { ok: true } | { ok: false; reason: string };
  uninstallNativeWasmKernels(): void;
}

// As the loader does: the built package, through Node's resolution.
const native = await importOptional<NativeModule>('@udm/backend-native');
const built = native.ok && native.module.loadAddon().ok;
await import('@tensorflow/tfjs-backend-wasm');
const stockIdentity = tf.getKernel('Identity', 'wasm')?.kernelFunc;

afterAll(async () => {
  if (native.ok) native.module.uninstallNativeWasmKernels();
  await tf.setBackend('cpu');
});

describe("selectBackend({ prefer: 'native' })", () => {
  it.skipIf(!built)('runs wasm with the native kernels and says so', async () => {
    const lines: string[] = [];
    const selected = await selectBackend({ prefer: 'native', log: (m) => lines.push(m), verbose: true });
    expect(selected).toMatchObject({ name: 'native', tfBackendName: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    expect(selected.fixes).toContain('transposed-batch-matmul');
    expect(selected.fixes).toContain('native-BatchMatMul');
    expect(lines[0]).toMatch(/^backend: native \(tfjs-backend-wasm .* \+ native kernels on /);
    expect(activeBackendName()).toBe('native');
    const short: string[] = [];
    await selectBackend({ prefer: 'native', log: (m) => short.push(m) });
    expect(short).toEqual([
      expect.stringMatching(
        /^backend: native \(wasm (no )?SIMD \+ (OpenBLAS|portable C\+\+ SGEMM \(no OpenBLAS\)), \d+ threads?\)$/,
      ),
    ]);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.eye(2), false, true).arraySync());
    expect(y).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it.skipIf(built)(
    'without the addon, fails naming the reason (no silent fallback when asked for)',
    async () => {
      await expect(selectBackend({ prefer: 'native', log: () => undefined })).rejects.toThrow(
        /backend 'native' was requested but cannot be used: @udm\/backend-native: /,
      );
    },
  );

  it.skipIf(!built)(
    'is the default where the addon is built; plain wasm then restores the stock kernels',
    async () => {
      expect((await selectBackend({ log: () => undefined })).name).toBe('native');
      expect(tf.getKernel('Identity', 'wasm')?.kernelFunc).not.toBe(stockIdentity);
      await selectBackend({ prefer: 'wasm', log: () => undefined });
      expect(tf.getKernel('Identity', 'wasm')?.kernelFunc).toBe(stockIdentity);
    },
  );

  it.skipIf(built)(
    'without the addon, the default falls back to wasm and names the reason in the log line',
    async () => {
      const lines: string[] = [];
      const selected = await selectBackend({
        order: ['native', 'wasm'],
        log: (m) => lines.push(m),
        verbose: true,
      });
      expect(selected.name).toBe('wasm');
      expect(lines[0]).toContain('native unavailable: @udm/backend-native: ');
    },
  );
});
