import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import { commandContext, defaultModules, modelFromCheckpoint, trainRun, type ProgressMode } from '@udm/cli';
import { consistencyModule, consistencyTeacher, consistencyTeacherModule } from '@udm/consistency';
import { combinedScorer, deriveSeed, sampleQualitiesFor, SeededRng } from '@udm/core';
import { distillRun, type DistillRow, type DistillRunResult } from '@udm/gaussian';
import { mnistDistillTable } from './mnist-table.js';

/**
 * Consistency distillation (CD) of the MNIST teacher against progressive distillation (PD) at 1, 2 and 4 steps,
 * every model scored by the same digit-classifier yardstick as `udm distill` (same count, same sampling seed):
 *
 *   npm run consistency -w @udm/example-mnist-distill -- --teacher=runs/mnist-teacher-<stamp>
 *     [--pd=<teacher run>/distill.json]  (a PD run with 4 rounds, e.g. `udm distill` run beside this script)
 *     [--cd=<run dir>]                   (score a trained CD run instead of training one)
 *     [--config=consistency-ct.json --name=mnist-ct --label=CT]   (consistency training instead: no teacher is
 *                                        used by its objective; the teacher run still gives PD's table)
 */
const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    teacher: { type: 'string' },
    pd: { type: 'string' },
    cd: { type: 'string' },
    config: { type: 'string', default: 'consistency-cd.json' },
    name: { type: 'string', default: 'mnist-cd' },
    label: { type: 'string', default: 'CD' },
    progress: { type: 'string', default: 'bar' },
  },
});
const json = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
await selectBackend(values.backend ? { prefer: parseBackendName(values.backend) } : {});
const progress = values.progress as ProgressMode;
const STEPS = [1, 2, 4];
if (!values.teacher)
  throw new Error('--teacher=<run dir>: expected the run directory of the mnist-distill teacher');
const teacherDir = values.teacher;

// PD: distill.json with a fourth round, 16 → 8 → 4 → 2 → 1 DDIM steps (or a finished run's distill.json, read at
// the end, so that `udm distill` can run beside this script).
const pdRun = values.pd
  ? undefined
  : await distillRun(
      { checkpoint: teacherDir, config: { ...json('distill.json'), rounds: 4 } },
      commandContext({ progress }),
    );

// CD from the teacher's EMA weights, the student trained from scratch (or a finished CD run given by --cd).
const modules = [...defaultModules(), consistencyModule];
let cdDir = values.cd;
let trainSeconds: number | undefined;
if (cdDir === undefined) {
  const teacher = await modelFromCheckpoint(teacherDir);
  const began = performance.now();
  const trained = await trainRun({
    config: json(values.config),
    outDir: 'runs',
    name: values.name,
    progress,
    modules: [
      ...modules,
      consistencyTeacherModule(
        consistencyTeacher(
          { process: teacher.udm.process, predictor: teacher.udm.posterior },
          'the MNIST v teacher',
        ),
      ),
    ],
  });
  trainSeconds = (performance.now() - began) / 1000;
  trained.udm.dispose();
  teacher.udm.dispose();
  cdDir = trained.runDir;
}

// Score the CD model (EMA weights) as `udm distill` scores its rows.
const cd = await modelFromCheckpoint(cdDir, { modules });
const count = json('distill.json')['count'] as number;
const scorer = combinedScorer(sampleQualitiesFor(cd.udm), { udm: cd.udm, count, seed: cd.udm.config.seed });
const rows: DistillRow[] = [];
for (const steps of STEPS) {
  const t0 = performance.now();
  const { x0 } = cd.udm.sample({
    count,
    steps,
    grid: { kind: 'linspace' },
    rng: new SeededRng(deriveSeed(cd.udm.config.seed, 'sample')),
  });
  const samples = x0.dataSync() as Float32Array;
  const sampleSeconds = (performance.now() - t0) / 1000;
  tf.dispose(x0);
  rows.push({
    model: 'student',
    round: 0,
    steps,
    sampleSeconds,
    trainSeconds,
    metrics: scorer.score(samples),
  });
}
scorer.dispose();
cd.udm.dispose();

const pd: Pick<DistillRunResult, 'rows' | 'reference'> =
  pdRun ?? (JSON.parse(readFileSync(values.pd!, 'utf8')) as DistillRunResult);
const table = (r: readonly DistillRow[]) => mnistDistillTable({ rows: r, reference: pd.reference });
const pdRows = pd.rows.filter((r) => STEPS.includes(r.steps));
const file = join(cdDir, 'consistency-comparison.json');
writeFileSync(file, `${JSON.stringify({ teacher: teacherDir, cd: cdDir, rows, pd: pdRows }, null, 2)}\n`);
process.stdout.write(
  `PD and the teacher:\n${table(pdRows)}\n\n${values.label} (${trainSeconds?.toFixed(0) ?? '?'} s of training):\n${table(rows).replace(/student, round 0/g, values.label)}\n\nresults: ${file}\n`,
);
