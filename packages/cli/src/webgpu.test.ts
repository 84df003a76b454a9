import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSafetensorsFile } from '@udm/backend-tfjs';
import { checkpointContents, tinyConfig } from './reliability/support.js';

/**
 * `--backend webgpu` end to end through the real CLI: train, checkpoint, resume and sample a tiny two-moons model on
 * tfjs-backend-webgpu over Dawn (npm `webgpu`). Without a GPU it runs on SwiftShader, the Vulkan driver Debian's
 * chromium package ships (`.ci/run` installs chromium): the same WGSL kernels a real GPU runs, emulated on the CPU.
 * The Vulkan loader is found through LD_LIBRARY_PATH, which must be set before the process starts: hence a child.
 */
const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const dawnPackage = 'webgpu';
const dawn = await import(/* @vite-ignore */ dawnPackage).then(
  () => true,
  () => false,
);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
// The built CLI (CI builds before testing; `npm run build` here): the real binary, and no tsx start-up per command.
const main = join(repo, 'packages/cli/dist/main.js');
const skipReason = !existsSync(ICD)
  ? `${ICD} is missing (install Debian's chromium for the SwiftShader Vulkan driver)`
  : !dawn
    ? "the optional npm package 'webgpu' (Dawn) is not installed"
    : !existsSync(main)
      ? `${main} is not built (npm run build)`
      : undefined;
if (skipReason) console.warn(`skipping the webgpu CLI test: ${skipReason}`);
const dir = mkdtempSync(join(tmpdir(), 'udm-webgpu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function udm(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, '--backend', 'webgpu', ...args], {
      cwd: repo,
      env: {
        ...process.env,
        VK_ICD_FILENAMES: ICD,
        LD_LIBRARY_PATH: '/usr/lib/chromium',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += String(c)));
    child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`udm ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

describe.skipIf(skipReason !== undefined)('udm --backend webgpu (SwiftShader without a GPU)', () => {
  it('trains, checkpoints, resumes and samples a tiny two-moons model; samples are finite', async () => {
    const config = join(dir, 'tiny.json');
    writeFileSync(
      config,
      JSON.stringify(tinyConfig({ train: { steps: 6, checkpointEvery: 3, batchSize: 16 } })),
    );
    const train = await udm('train', '--config', config, '--out', dir);
    // The backend line names the adapter (its wording is the CLI's).
    expect(train.stderr).toMatch(/webgpu.*SwiftShader/i);
    expect(train.stderr).not.toMatch(/synchronously/);
    const runDir = join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('two-moons-'))!,
    );
    const first = await checkpointContents(join(runDir, 'checkpoint.safetensors'));
    expect(first.state.step).toBe(6);
    for (const values of Object.values(first.tensors)) expect(values.length).toBeGreaterThan(0);

    await udm('--quiet', 'resume', '--run', runDir, '--steps', '9');
    const resumed = await checkpointContents(join(runDir, 'checkpoint.safetensors'));
    expect(resumed.state.step).toBe(9);
    expect(resumed.state.rng).not.toEqual(first.state.rng);

    await udm('--quiet', 'sample', '--checkpoint', runDir, '--steps', '5', '--count', '24');
    const file = readdirSync(runDir).find((f) => f.startsWith('samples-') && f.endsWith('.safetensors'));
    expect(file).toBeDefined();
    const { tensors } = await loadSafetensorsFile(join(runDir, file!));
    const samples = Object.values(tensors)[0]!;
    expect(samples.shape).toEqual([24, 2]);
    const values = Array.from(samples.data as Float32Array);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(Math.max(...values.map(Math.abs))).toBeLessThan(100);
  }, 300_000);
});
