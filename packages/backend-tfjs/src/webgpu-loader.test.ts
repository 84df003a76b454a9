import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importOptional } from './import-optional.js';
import { describeAdapter, isCpuAdapter } from './webgpu-loader.js';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const skipReason = !existsSync(ICD)
  ? `${ICD} is missing (install Debian's chromium for the SwiftShader Vulkan driver)`
  : !(await importOptional('webgpu')).ok
    ? "the optional npm package 'webgpu' (Dawn) is not installed"
    : undefined;
if (skipReason) console.warn(`skipping the SwiftShader webgpu tests: ${skipReason}`);

const child = fileURLToPath(new URL('./test-support/select-in-child.ts', import.meta.url));

interface ChildResult {
  name: string;
  backend: string;
  skipped: Array<{ name: string; reason: string }>;
  lines: string[];
  values: number[];
  syncRead: string;
}

/** Runs select-in-child.ts with SwiftShader as the Vulkan driver (set before the process starts). */
function selectInChild(which: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', child, which],
      {
        env: { ...process.env, VK_ICD_FILENAMES: ICD, LD_LIBRARY_PATH: '/usr/lib/chromium' },
        timeout: 180_000,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as ChildResult);
      },
    );
  });
}

describe('isCpuAdapter / describeAdapter', () => {
  it('tells CPU emulations (SwiftShader, llvmpipe, fallback adapters) from GPUs', () => {
    const swiftshader = {
      vendor: 'google',
      architecture: 'swiftshader',
      device: 'swiftshader-device-subzero-',
      description: 'SwiftShader driver 5.0.0',
      isFallbackAdapter: true,
    };
    expect(isCpuAdapter(swiftshader)).toBe(true);
    expect(isCpuAdapter({ ...swiftshader, isFallbackAdapter: false })).toBe(true);
    expect(isCpuAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(
      isCpuAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' }),
    ).toBe(false);
    expect(isCpuAdapter({})).toBe(false);
    expect(describeAdapter(swiftshader)).toBe('SwiftShader driver 5.0.0 (google swiftshader; CPU emulation)');
    expect(describeAdapter({ vendor: 'nvidia', description: 'NVIDIA H100' })).toBe('NVIDIA H100 (nvidia)');
  });
});

describe.skipIf(skipReason !== undefined)('webgpu on SwiftShader (a child process per case)', () => {
  it('prefer webgpu: runs on the CPU-emulated adapter; a sync read fails with an error saying to use data()', async () => {
    const r = await selectInChild('webgpu');
    expect(r.name).toBe('webgpu');
    expect(r.backend).toBe('webgpu');
    expect(r.lines[0]).toMatch(/^backend: webgpu \(tfjs-backend-webgpu .* on Dawn, adapter SwiftShader/);
    expect(r.values).toEqual([4, 5, 10, 11]);
    expect(r.syncRead).toMatch(/cannot read a tensor synchronously in Node .*`await tensor\.data\(\)`/);
  }, 240_000);

  it('the default order passes over a CPU-emulated adapter, saying why', async () => {
    const r = await selectInChild('default');
    expect(r.backend).not.toBe('webgpu');
    const webgpu = r.skipped.find((s) => s.name === 'webgpu');
    expect(webgpu?.reason).toMatch(
      /CPU emulation \(SwiftShader.*\); ask for it by name \(--backend webgpu\)/,
    );
    expect(r.values).toEqual([4, 5, 10, 11]);
  }, 240_000);
});
