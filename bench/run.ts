/**
 * `npm run bench`: runs each case on our backends and the same work in PyTorch (Debian python3-torch with OpenBLAS,
 * /usr/bin/python3) side by side, at the reference's fastest thread count, `BENCH_REPEATS` times interleaved (ours
 * on every backend, then PyTorch, per case and repetition: a shared machine's load hits all alike), and writes
 * bench/results/<stamp>.json and bench/results/latest.md with medians. Env: BENCH_SECONDS (per measurement,
 * default 8), BENCH_REPEATS (default 3), BENCH_BACKENDS (comma-separated; default: `wasm` and `native` where
 * @udm/backend-native's addon is built, else the best available, as the CLI), BENCH_CASES (comma-separated names),
 * BENCH_DDPM_STEPS (DDPM steps timed for the extrapolated DDPM-1000 case, default 20), BENCH_REFERENCE_JSON (a
 * results file of an earlier run: its PyTorch and backend medians become the reference instead of running PyTorch —
 * the GPU kit compares webgpu on a GPU machine with the CPU run, see docs/benchmarks.md). A case that fails on a
 * backend is reported with its error and the run goes on; BENCH_PYTORCH=0 runs no PyTorch reference. BENCH_LEVERS
 * (comma-separated names of @udm/backend-native's NATIVE_LEVERS) adds, next to `native`, one `native-no-<lever>` row
 * per lever with that lever switched off, interleaved in the same run (the A/B of each lever). See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadAddon, nativeDetail, setNativeLever } from '@udm/backend-native';
import { parseBackendName, selectBackend, writeFileAtomic, type BackendName } from '@udm/backend-tfjs';
import type { BenchCase, Measurement } from './cases/case.js';
import { mlpTrain } from './cases/mlp-train.js';
import { coldBlur } from './cases/cold-blur.js';
import { maskedTrain } from './cases/masked-train.js';
import { ddimSample, twoMoonsTrain } from './cases/two-moons.js';
import { unetDdim50, unetDdpm1000, unetForward } from './cases/unet-sample.js';
import { unetTrain } from './cases/unet-train.js';

const CASES: readonly BenchCase[] = [
  mlpTrain,
  unetTrain,
  unetForward,
  unetDdim50,
  unetDdpm1000,
  twoMoonsTrain,
  ddimSample,
  maskedTrain,
  coldBlur,
];
const here = fileURLToPath(new URL('.', import.meta.url));
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3);

/** The `cases` of an earlier results file (BENCH_REFERENCE_JSON), by case name. */
interface EarlierCase {
  case: string;
  ours: Record<string, { value: number }>;
  reference?: { value: number; threads: number[] };
}
const earlierFile = process.env['BENCH_REFERENCE_JSON'];
const earlier: Map<string, EarlierCase> | undefined = earlierFile
  ? new Map(
      (JSON.parse(readFileSync(earlierFile, 'utf8')) as { cases: EarlierCase[] }).cases.map((c) => [
        c.case,
        c,
      ]),
    )
  : undefined;

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

type ReferenceRun = Measurement & { threads: number };

function runReference(python: string, c: BenchCase): ReferenceRun | undefined {
  if (!c.reference || !c.readReference) return undefined;
  let best: ReferenceRun | undefined;
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

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const wanted = process.env['BENCH_CASES']?.split(',');
const requested = process.env['BENCH_BACKENDS']?.split(',').map(parseBackendName);
const defaultBackend = (await selectBackend({ log: () => undefined })).name;
// By default: the backend users get, and wasm next to native (to show what native adds).
const backends: BackendName[] =
  requested ??
  (defaultBackend === 'native'
    ? ['wasm', 'native']
    : [defaultBackend, ...(loadAddon().ok ? (['native'] as const) : [])]);
if (!loadAddon().ok && !requested) process.stderr.write(`bench: no 'native' rows: ${nativeDetail()}\n`);
/** A row of the table: a backend, and for native A/B rows the lever switched off. */
interface Arm {
  readonly label: string;
  readonly backend: BackendName;
  readonly off?: string;
}
const levers = process.env['BENCH_LEVERS']?.split(',').filter((l) => l !== '') ?? [];
const arms: Arm[] = backends.flatMap((b): Arm[] =>
  b === 'native'
    ? [{ label: b, backend: b }, ...levers.map((l) => ({ label: `native-no-${l}`, backend: b, off: l }))]
    : [{ label: b, backend: b }],
);
const labels = arms.map((a) => a.label);
const details: Record<string, string> = {};
const python = earlier || process.env['BENCH_PYTORCH'] === '0' ? undefined : pythonWithTorch();
const loadBefore = loadavg();
const rows = [];
for (const c of CASES.filter((k) => !wanted || wanted.includes(k.name))) {
  const ours: Record<string, Measurement[]> = Object.fromEntries(labels.map((b) => [b, []]));
  const errors: Record<string, string> = {};
  const refs: ReferenceRun[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    // Alternate the order per repetition, so that neither side of an A/B always runs first after PyTorch.
    for (const arm of rep % 2 === 0 ? arms : [...arms].reverse()) {
      const b = arm.label;
      if (errors[b] !== undefined) continue;
      process.stderr.write(`bench: ${c.name} ${b} (${rep + 1}/${REPEATS}) …\n`);
      try {
        details[b] = (await selectBackend({ prefer: arm.backend, log: () => undefined })).detail;
        if (arm.backend === 'native') for (const l of levers) setNativeLever(l, l !== arm.off);
        if (arm.off !== undefined) details[b] += ` (lever ${arm.off} off)`;
        ours[b]!.push(await c.ours());
      } catch (error) {
        errors[b] = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
        process.stderr.write(`bench: ${c.name} failed on ${b}: ${errors[b]}\n`);
      }
    }
    if (python && c.reference) {
      process.stderr.write(`bench: ${c.name} PyTorch (${rep + 1}/${REPEATS}) …\n`);
      const r = runReference(python, c);
      if (r) refs.push(r);
    }
  }
  const before = earlier?.get(c.name);
  const ref =
    refs.length > 0
      ? { value: median(refs.map((r) => r.value)), threads: refs.map((r) => r.threads), runs: refs }
      : before?.reference
        ? { value: before.reference.value, threads: before.reference.threads, runs: [] }
        : undefined;
  const oursMedians = Object.fromEntries(
    labels.map((b) => [
      b,
      { value: ours[b]!.length > 0 ? median(ours[b]!.map((m) => m.value)) : NaN, runs: ours[b]! },
    ]),
  );
  const speedRatio = (ourValue: number, refValue: number): number =>
    c.higherIsBetter ? ourValue / refValue : refValue / ourValue;
  // Ratio of the back-to-back runs of each repetition, then the median: robust to load that changes over minutes.
  const ratio = (b: string): number | undefined =>
    ours[b]!.length === 0
      ? undefined
      : refs.length === REPEATS
        ? median(ours[b]!.map((m, i) => speedRatio(m.value, refs[i]!.value)))
        : ref
          ? speedRatio(oursMedians[b]!.value, ref.value)
          : undefined;
  rows.push({
    case: c.name,
    description: c.description,
    unit: c.unit,
    ours: oursMedians,
    reference: ref,
    oursOverReference: Object.fromEntries(labels.map((b) => [b, ratio(b)])),
    errors,
    // With BENCH_REFERENCE_JSON: the earlier run's backends (e.g. native on the CPU machine), to compare with.
    earlier: before?.ours,
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
    loadAverage: { before: loadBefore, after: loadavg() },
  },
  backends: labels.map((b) => ({ name: b, detail: details[b] })),
  levers,
  reference: python
    ? 'PyTorch (Debian python3-torch) at its fastest of 1 and 2 threads'
    : earlierFile
      ? `PyTorch as measured in ${earlierFile}`
      : 'none',
  seconds: Number(process.env['BENCH_SECONDS'] ?? 8),
  repeats: REPEATS,
  cases: rows,
};
const dir = `${here}results`;
mkdirSync(dir, { recursive: true });
await writeFileAtomic(`${dir}/${stamp}.json`, `${JSON.stringify(result, null, 2)}\n`);
const fmt = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toPrecision(3);
const load = (l: number[]): string => l.map((x) => x.toFixed(1)).join(' ');
const md = [
  `# Benchmarks (${result.date.slice(0, 10)}, ${result.machine.cpus} × ${result.machine.cpu})`,
  '',
  earlierFile
    ? `Medians of ${REPEATS} runs of ${result.seconds} s each; PyTorch is the median of the earlier run ${earlierFile} (another machine: the ratio says how this machine's backends compare with PyTorch there). Load average before: ${load(loadBefore)}; after: ${load(result.machine.loadAverage.after)}.`
    : `Medians of ${REPEATS} interleaved runs of ${result.seconds} s each; a ratio is the median over repetitions of ours / PyTorch measured back to back. Load average before: ${load(loadBefore)}; after: ${load(result.machine.loadAverage.after)}.`,
  '',
  `| case | unit | ${labels.join(' | ')} | PyTorch (threads) | ${labels.map((b) => `${b} / PyTorch`).join(' | ')} | notes |`,
  `|---|---|${labels.map(() => '---|').join('')}---|${labels.map(() => '---|').join('')}---|`,
  ...rows.map((r) => {
    const overheads = (runs: readonly Measurement[]): number[] =>
      runs.flatMap((m) => {
        const o = (m.details as { overhead?: number } | undefined)?.overhead;
        return o === undefined ? [] : [o];
      });
    const pct = (runs: readonly Measurement[]): string => {
      const o = overheads(runs);
      return o.length === 0 ? '–' : `${(median(o) * 100).toFixed(1)}%`;
    };
    const own = (runs: readonly Measurement[]): string => {
      const o = runs.flatMap((m) => {
        const v = (m.details as { samplerOwnShare?: number } | undefined)?.samplerOwnShare;
        return v === undefined ? [] : [v];
      });
      return o.length === 0 ? '' : ` (sampler's own work ${(median(o) * 100).toFixed(1)}%)`;
    };
    const notes =
      overheads(r.ours[labels[0]!]!.runs).length === 0
        ? ''
        : `sampler overhead ${labels.map((b) => `${b} ${pct(r.ours[b]!.runs)}${own(r.ours[b]!.runs)}`).join(', ')}, PyTorch ${pct(r.reference?.runs ?? [])}`;
    const threads = r.reference ? [...new Set(r.reference.threads)].join('/') : '–';
    const failed = Object.entries(r.errors).map(([b, e]) => `${b} failed: ${e}`);
    const earlierRows = r.earlier
      ? [
          `earlier run: ${Object.entries(r.earlier)
            .map(([b, m]) => `${b} ${fmt(m.value)}`)
            .join(', ')}`,
        ]
      : [];
    const allNotes = [notes, ...failed, ...earlierRows].filter((n) => n !== '').join('; ');
    return `| ${r.case} | ${r.unit} | ${labels.map((b) => fmt(r.ours[b]!.value)).join(' | ')} | ${fmt(r.reference?.value)} (${threads}) | ${labels.map((b) => (r.oursOverReference[b] === undefined ? '–' : `${r.oursOverReference[b]!.toFixed(2)}×`)).join(' | ')} | ${allNotes.replace(/\|/g, '\\|')} |`;
  }),
  '',
  ...labels.map((b) => `- \`${b}\`: ${details[b] ?? ''}`),
  '',
  `Command: \`npm run bench\` (BENCH_SECONDS=${result.seconds}, BENCH_REPEATS=${REPEATS}). Raw: \`bench/results/${stamp}.json\`.`,
  '',
].join('\n');
writeFileSync(`${dir}/latest.md`, md);
process.stdout.write(md);
process.exit(0);
