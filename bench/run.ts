/**
 * `npm run bench`: runs each case on our default backend and the same work in PyTorch (Debian python3-torch with
 * OpenBLAS, /usr/bin/python3) side by side, at the reference's fastest thread count, and writes
 * bench/results/<stamp>.json and bench/results/latest.md. Env: BENCH_SECONDS (per case, default 8),
 * BENCH_BACKEND (default: the best available, as the CLI), BENCH_CASES (comma-separated names).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseBackendName, selectBackend, writeFileAtomic } from '@udm/backend-tfjs';
import type { BenchCase, Measurement } from './cases/case.js';
import { mlpTrain } from './cases/mlp-train.js';
import { ddimSample, twoMoonsTrain } from './cases/two-moons.js';

const CASES: readonly BenchCase[] = [mlpTrain, twoMoonsTrain, ddimSample];
const here = fileURLToPath(new URL('.', import.meta.url));

function pythonWithTorch(): string | undefined {
  const ok = (): boolean =>
    spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
  if (ok()) return '/usr/bin/python3';
  if (process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0) {
    process.stderr.write(
      'bench: PyTorch reference missing — installing Debian python3-torch libopenblas0-pthread …\n',
    );
    spawnSync('apt-get', ['install', '-y', '-qq', 'python3-torch', 'libopenblas0-pthread'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (ok()) return '/usr/bin/python3';
  }
  process.stderr.write('bench: no PyTorch reference available; reporting ours only\n');
  return undefined;
}

function runReference(python: string, c: BenchCase): (Measurement & { threads: number }) | undefined {
  if (!c.reference || !c.readReference) return undefined;
  let best: (Measurement & { threads: number }) | undefined;
  for (const threads of [1, 2]) {
    const r = spawnSync(
      python,
      [`${here}reference/${c.reference.script}`, ...c.reference.args, String(threads)],
      {
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: String(threads) },
      },
    );
    if (r.status !== 0) {
      process.stderr.write(`bench: reference ${c.reference.script} failed: ${r.stderr}\n`);
      continue;
    }
    const m = {
      ...c.readReference(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>),
      threads,
    };
    if (!best || (c.higherIsBetter ? m.value > best.value : m.value < best.value)) best = m;
  }
  return best;
}

const wanted = process.env['BENCH_CASES']?.split(',');
const backendName = process.env['BENCH_BACKEND'];
const backend = await selectBackend({ ...(backendName ? { prefer: parseBackendName(backendName) } : {}) });
const python = pythonWithTorch();
const rows = [];
for (const c of CASES.filter((k) => !wanted || wanted.includes(k.name))) {
  process.stderr.write(`bench: ${c.name} (ours) …\n`);
  const ours = await c.ours();
  process.stderr.write(`bench: ${c.name} (PyTorch) …\n`);
  const ref = python ? runReference(python, c) : undefined;
  const ratio = ref ? (c.higherIsBetter ? ours.value / ref.value : ref.value / ours.value) : undefined;
  rows.push({
    case: c.name,
    description: c.description,
    unit: c.unit,
    ours,
    reference: ref,
    oursOverReference: ratio,
  });
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  backend: { name: backend.name, detail: backend.detail, threads: 1 },
  reference: python ? 'PyTorch (Debian python3-torch) at its fastest of 1 and 2 threads' : 'none',
  seconds: Number(process.env['BENCH_SECONDS'] ?? 8),
  cases: rows,
};
const dir = `${here}results`;
mkdirSync(dir, { recursive: true });
await writeFileAtomic(`${dir}/${stamp}.json`, `${JSON.stringify(result, null, 2)}\n`);
const fmt = (v: number | undefined): string =>
  v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toPrecision(3);
const md = [
  `# Benchmarks (${result.date.slice(0, 10)}, ${result.machine.cpus} × ${result.machine.cpu}, backend ${backend.name})`,
  '',
  '| case | unit | ours | PyTorch (threads) | ours / PyTorch (speed) | notes |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const overhead = (r.ours.details as { overhead?: number } | undefined)?.overhead;
    const refOverhead = (r.reference?.details as { overhead?: number } | undefined)?.overhead;
    const notes =
      overhead === undefined
        ? ''
        : `sampler overhead ours ${(overhead * 100).toFixed(1)}%, PyTorch ${refOverhead === undefined ? '–' : `${(refOverhead * 100).toFixed(1)}%`}`;
    return `| ${r.case} | ${r.unit} | ${fmt(r.ours.value)} | ${fmt(r.reference?.value)} (${r.reference?.threads ?? '–'}) | ${r.oursOverReference === undefined ? '–' : `${r.oursOverReference.toFixed(2)}×`} | ${notes} |`;
  }),
  '',
  `Command: \`npm run bench\` (BENCH_SECONDS=${result.seconds}). Raw: \`bench/results/${stamp}.json\`.`,
  '',
].join('\n');
writeFileSync(`${dir}/latest.md`, md);
process.stdout.write(md);
process.exit(0);
