import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandContext, defaultModules, modelFromCheckpoint, trainRun } from '@udm/cli';
import { distillRun } from '@udm/gaussian';
import { consistencyModule, consistencyTeacher, consistencyTeacherModule } from '@udm/consistency';
import { argument, setUpBackend } from './args.js';
import { scoreSteps, type ScoredRow } from './score-steps.js';

/**
 * Two-moons at 1, 2 and 4 steps: consistency distillation (CD) and consistency training (CT) of @udm/consistency
 * against progressive distillation (PD) of the same teacher, all scored like `udm distill` scores its rows.
 *
 *   npm start -w @udm/example-two-moons-consistency [-- --teacher=<run dir>] [--steps=N] [--pd-steps=N] [--out=runs]
 *
 * (`--steps` / `--pd-steps` shorten the training runs / the distillation rounds, for a quick check.)
 */
const here = fileURLToPath(new URL('..', import.meta.url));
const json = (path: string) => JSON.parse(readFileSync(join(here, path), 'utf8')) as Record<string, unknown>;
const out = argument('out') ?? join(here, 'runs');
const trainSteps = argument('steps') ? Number(argument('steps')) : undefined;
const STEPS = [1, 2, 4];
const COUNT = 2000;

await setUpBackend();
const withSteps = (config: Record<string, unknown>) =>
  trainSteps ? { ...config, train: { ...(config['train'] as object), steps: trainSteps } } : config;

// 1. The teacher: the v-prediction MLP on cosine VP of ../objectives (the one progressive distillation distils there).
let teacherDir = argument('teacher');
if (!teacherDir) {
  const trained = await trainRun({
    config: withSteps(json('../objectives/configs/moons-v-cosine.json')),
    outDir: out,
    name: 'moons-v-teacher',
  });
  trained.udm.dispose();
  teacherDir = trained.runDir;
}

// 2. Progressive distillation, 32 → 16 → 8 → 4 → 2 → 1 DDIM steps (../objectives' distill.json with 5 rounds).
const pd = await distillRun(
  {
    checkpoint: teacherDir,
    config: {
      ...json('../objectives/configs/distill.json'),
      rounds: 5,
      ...(argument('pd-steps') ? { stepsPerRound: Number(argument('pd-steps')) } : {}),
    },
  },
  commandContext(),
);

// 3. Consistency distillation from the teacher (EMA weights) and consistency training from scratch.
const teacher = await modelFromCheckpoint(teacherDir);
const modules = [...defaultModules(), consistencyModule];
const runs: Array<{ name: string; runDir: string; seconds: number }> = [];
for (const [name, config, extra] of [
  [
    'moons-cd',
    'configs/moons-cd.json',
    [
      consistencyTeacherModule(
        consistencyTeacher(
          { process: teacher.udm.process, predictor: teacher.udm.posterior },
          'the v-prediction teacher',
        ),
      ),
    ],
  ],
  ['moons-ct', 'configs/moons-ct.json', []],
] as const) {
  const began = performance.now();
  const trained = await trainRun({
    config: withSteps(json(config)),
    outDir: out,
    name,
    modules: [...modules, ...extra],
  });
  trained.udm.dispose();
  runs.push({ name, runDir: trained.runDir, seconds: (performance.now() - began) / 1000 });
}
teacher.udm.dispose();

// 4. The table: CD and CT (consistency sampler) beside PD's students and the teacher (DDIM) at equal steps.
const rows: ScoredRow[] = [];
let reference = pd.reference;
for (const run of runs) {
  const model = await modelFromCheckpoint(run.runDir, { modules });
  const scored = scoreSteps(model.udm, run.name === 'moons-cd' ? 'CD' : 'CT', STEPS, COUNT);
  rows.push(...scored.rows);
  reference = scored.reference;
  model.udm.dispose();
}
for (const r of pd.rows)
  if (STEPS.includes(r.steps) && r.metrics)
    rows.push({
      model: r.model === 'teacher' ? 'teacher (DDIM)' : 'PD student',
      steps: r.steps,
      metrics: r.metrics,
      sampleSeconds: r.sampleSeconds,
    });
const fmt = (v: unknown, d: number) => (typeof v === 'number' ? v.toFixed(d) : '–');
const lines = [
  '| model | steps | sliced W1 | MMD² |',
  '| --- | --- | --- | --- |',
  ...STEPS.flatMap((n) =>
    rows
      .filter((r) => r.steps === n)
      .map(
        (r) =>
          `| ${r.model} | ${n} | ${fmt(r.metrics['slicedWasserstein'], 4)} | ${fmt(r.metrics['mmd2'], 5)} |`,
      ),
  ),
  `| training data (floor) | – | ${fmt(reference?.['slicedWasserstein'], 4)} | ${fmt(reference?.['mmd2'], 5)} |`,
];
const file = join(out, 'consistency-comparison.json');
writeFileSync(
  file,
  `${JSON.stringify({ teacher: teacherDir, runs, pd: pd.file, rows, reference }, null, 2)}\n`,
);
process.stdout.write(
  `${lines.join('\n')}\n\ntraining: ${runs.map((r) => `${r.name} ${r.seconds.toFixed(0)} s (${r.runDir})`).join(', ')}\nresults: ${file}\n`,
);
