import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND_ORDER } from './backend-name.js';
import { importOptional } from './import-optional.js';
import { WASM_FIXES } from './install-wasm-fixes.js';
import { activeBackendName, selectBackend } from './select-backend.js';

const run = promisify(execFile);
const hasPackage = async (name: string) => (await importOptional(name)).ok;
const tfjsNodeGpu = await hasPackage('@tensorflow/tfjs-node-gpu');
const tfjsNode = await hasPackage('@tensorflow/tfjs-node');
const dawn = await hasPackage('webgpu');

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('selectBackend', () => {
  it.skipIf(tfjsNodeGpu || tfjsNode)(
    'falls through the missing tfjs-node packages to wasm, logs it, installs the fixes',
    async () => {
      const lines: string[] = [];
      // The default order without `native` (tested in select-native.test.ts).
      const order = DEFAULT_BACKEND_ORDER.filter((name) => name !== 'native');
      const selected = await selectBackend({ order, log: (m) => lines.push(m), verbose: true });
      expect(selected.name).toBe('wasm');
      expect(selected.tfBackendName).toBe('wasm');
      expect(tf.getBackend()).toBe('wasm');
      expect(selected.fixes).toEqual(WASM_FIXES.map((f) => f.name));
      // webgpu: no Vulkan loader in this process, or only a CPU-emulated adapter (webgpu-loader.test.ts).
      expect(selected.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow']);
      expect(selected.skipped[0]!.reason).toMatch(/^@tensorflow\/tfjs-node-gpu: /);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^backend: wasm \(tfjs-backend-wasm 4\.\d+\.\d+, SIMD, 1 thread; fixes: transposed-batch-matmul/,
      );
      expect(lines[0]).toContain('tensorflow-gpu unavailable');
    },
  );

  it('order: tries the given order (a page passes webgl first; Node has no WebGL, so it falls back)', async () => {
    const lines: string[] = [];
    const selected = await selectBackend({
      order: ['webgl', 'cpu'],
      log: (m) => lines.push(m),
      verbose: true,
    });
    expect(selected.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(selected.skipped.map((s) => s.name)).toEqual(['webgl']);
    expect(selected.skipped[0]!.reason).toMatch(/^no WebGL here: .* only in a browser$/);
    expect(lines[0]).toContain('webgl unavailable');
  });

  it('prefer: cpu', async () => {
    const lines: string[] = [];
    const selected = await selectBackend({ prefer: 'cpu', log: (m) => lines.push(m) });
    expect(selected).toMatchObject({ name: 'cpu', tfBackendName: 'cpu', fixes: [], skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(lines).toEqual(['backend: cpu (JavaScript kernels, 1 thread)']);
    expect(activeBackendName()).toBe('cpu');
  });

  it('logs one short line (backend, SIMD, threads) unless verbose', async () => {
    const lines: string[] = [];
    await selectBackend({ prefer: 'wasm', log: (m) => lines.push(m) });
    expect(lines).toEqual([expect.stringMatching(/^backend: wasm \((no )?SIMD, \d+ threads?\)$/)]);
    expect(activeBackendName()).toBe('wasm');
    await tf.setBackend('cpu');
    expect(activeBackendName()).toBe('cpu'); // set behind selectBackend's back: tfjs's own name
  });

  it("silences TensorFlow.js's Node.js banner (a fresh process: the banner comes once per process)", async () => {
    const script = [
      `import * as tf from '@tensorflow/tfjs';`,
      `import { selectBackend } from ${JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url)))};`,
      `await selectBackend({ prefer: 'cpu' });`,
      `tf.tidy(() => tf.scalar(1).add(1).dataSync());`,
    ].join('\n');
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: fileURLToPath(new URL('../../../', import.meta.url)),
        timeout: 60_000,
      },
    );
    expect(stdout + stderr).not.toContain('Hi, looks like you are running TensorFlow.js');
    expect(stderr.trim()).toBe('backend: cpu (JavaScript kernels, 1 thread)');
  });

  it('prefer: wasm without fixes (for measuring stock wasm)', async () => {
    const selected = await selectBackend({ prefer: 'wasm', wasmFixes: false, log: () => undefined });
    expect(selected.name).toBe('wasm');
    expect(selected.fixes).toEqual([]);
  });

  it.skipIf(tfjsNode)(
    'prefer: a missing backend throws naming it and why, without falling back',
    async () => {
      await tf.setBackend('cpu');
      await expect(selectBackend({ prefer: 'tensorflow', log: () => undefined })).rejects.toThrow(
        /^backend 'tensorflow' was requested but cannot be used: @tensorflow\/tfjs-node: /,
      );
      expect(tf.getBackend()).toBe('cpu');
    },
  );

  it.skipIf(dawn)('prefer: webgpu fails clearly when the Dawn package is absent', async () => {
    await expect(selectBackend({ prefer: 'webgpu', log: () => undefined })).rejects.toThrow(
      /backend 'webgpu' was requested but cannot be used: npm package 'webgpu' \(Dawn\): not installed/,
    );
  });

  it('logs to console.error by default', async () => {
    const original = console.error;
    const lines: unknown[] = [];
    console.error = (m: unknown) => void lines.push(m);
    try {
      await selectBackend({ prefer: 'cpu' });
    } finally {
      console.error = original;
    }
    expect(lines).toEqual([expect.stringMatching(/^backend: cpu/)]);
  });
});
