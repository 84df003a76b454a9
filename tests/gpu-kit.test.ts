import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The GPU kit (`npm run gpu-kit`, scripts/gpu-kit/) is built and tried on SwiftShader by hand (docs/benchmarks.md):
 * building it compresses ~120 MB, far too slow for CI. This checks only that its pieces are where the builder
 * looks for them and that the run script is valid shell.
 */
const repo = fileURLToPath(new URL('../', import.meta.url));
const at = (p: string): string => `${repo}${p}`;

describe('GPU kit (structure only)', () => {
  it('has the npm script, the builder, the bundle entry and an executable, valid run script', () => {
    const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['gpu-kit']).toContain('scripts/gpu-kit/build.mjs');
    for (const f of [
      'scripts/gpu-kit/build.mjs',
      'scripts/gpu-kit/entry.ts',
      'scripts/gpu-kit/resvg-stub.mjs',
    ])
      expect(existsSync(at(f)), f).toBe(true);
    accessSync(at('scripts/gpu-kit/run-gpu.sh'), constants.X_OK);
    execFileSync('bash', ['-n', at('scripts/gpu-kit/run-gpu.sh')]);
    // The bundle sits at bench/cases/ in the kit because example-udm.ts reads ../../examples/<name>/config.json.
    expect(readFileSync(at('bench/cases/example-udm.ts'), 'utf8')).toContain(
      '../../examples/${name}/config.json',
    );
    expect(readFileSync(at('scripts/gpu-kit/run-gpu.sh'), 'utf8')).toContain('bench/cases/udm-bench.mjs');
  });

  it('finds the native and wasm files it packs', () => {
    for (const f of [
      'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
    ])
      expect(existsSync(at(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`)), f).toBe(true);
    // dawn.node comes with the optional npm package `webgpu` (absent where optional dependencies were skipped).
    if (existsSync(at('node_modules/webgpu/package.json')))
      expect(existsSync(at('node_modules/webgpu/dist/linux-x64/dawn.node'))).toBe(true);
  });
});
