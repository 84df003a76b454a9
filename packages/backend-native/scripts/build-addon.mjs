#!/usr/bin/env node
// Compiles native/*.cc (udm_native.cc and the sources it registers) into dist/udm_native.node with the system C++ compiler (no node-gyp, no download:
// node's own headers are used). OpenBLAS is not linked: the addon dlopen()s it at run time. Where no compiler or
// no Node headers are found, this prints why and exits 0, so the repository build still passes; the package then
// reports the addon as unavailable and its tests skip with that reason.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = readdirSync(join(root, 'native'))
  .filter((f) => f.endsWith('.cc'))
  .sort()
  .map((f) => join(root, 'native', f));
const out = join(root, 'dist', 'udm_native.node');
const skip = (why) => {
  console.warn(
    `@udm/backend-native: native addon NOT built (${why}); the 'native' backend will be unavailable`,
  );
  process.exit(0);
};

if (process.env.UDM_NATIVE_SKIP_BUILD === '1') skip('UDM_NATIVE_SKIP_BUILD=1');
const version = process.versions.node;
const headerDirs = [
  join(dirname(process.execPath), '..', 'include', 'node'),
  join(homedir(), '.cache', 'node-gyp', version, 'include', 'node'),
  '/usr/include/node',
  '/usr/local/include/node',
].filter((d) => existsSync(join(d, 'node_api.h')));
if (headerDirs.length === 0) skip('node_api.h not found: install Node.js headers');
const cxx = process.env.CXX ?? 'g++';
if (spawnSync(cxx, ['--version'], { stdio: 'ignore' }).status !== 0) skip(`no C++ compiler ('${cxx}')`);

mkdirSync(dirname(out), { recursive: true });
const args = [
  '-O3',
  '-march=x86-64-v2',
  // No FP-exception traps assumed: lets GCC vectorise loops with float→int conversions (fused_ops.cc's exp); values unchanged.
  '-fno-trapping-math',
  '-std=c++17',
  '-shared',
  '-fPIC',
  '-fvisibility=hidden',
  '-DNODE_GYP_MODULE_NAME=udm_native',
  '-DNAPI_VERSION=8',
  `-I${headerDirs[0]}`,
  ...sources,
  '-o',
  out,
  '-ldl',
];
if (process.arch !== 'x64') args.splice(args.indexOf('-march=x86-64-v2'), 1);
const r = spawnSync(cxx, args, { stdio: 'inherit' });
if (r.status !== 0) skip(`${cxx} exited with ${r.status ?? r.signal}`);
console.log(`@udm/backend-native: built ${out}`);
