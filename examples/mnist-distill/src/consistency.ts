import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { parseBackendName, selectBackend } from '@udm/backend-tfjs';
import {
  defaultModules,
  distillRun,
  modelFromCheckpoint,
  trainRun,
  type DistillRow,
  type DistillRunResult,
  type ProgressMode,
} from '@udm/cli';
import { consistencyModule, consistencyTeacher, consistencyTeacherModule } from '@udm/consistency';
import { combinedScorer, deriveSeed, sampleQualitiesFor, SeededRng } from '@udm/core';
import { mnistDistillTable } from './mnist-table.js';

/**
 * Consistency distillation (CD) of the MNIST teacher against progressive distillation (PD) at 1, 2 and 4 steps,
 * every model scored by the same digit-classifier yardstick as `udm distill` (same count, same sampling seed):
 *
 *   npm run consistency -w @udm/example-mnist-distill -- --teacher=runs/mnist-teacher-<stamp>
 *     [--pd=<teacher run>/distill.json]  (reuse a finished PD run with 4 rounds instead of distilling again)
 */
const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    teacher: { type: 'string' },
    pd: { type: 'string' },
    config: { type: 'string', default: 'consistency-cd.json' },
    name: { type: 'string', default: 'mnist-cd' },
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

// PD: distill.json with a fourth round, 16 → 8 → 4 → 2 → 1 DDIM steps.
const pd: Pick<DistillRunResult, 'rows' | 'reference'> = values.pd
  ? (JSON.parse(readFileSync(values.pd, 'utf8')) as DistillRunResult)
  : await distillRun({ checkpoint: teacherDir, config: { ...json('distill.json'), rounds: 4 }, progress });

// CD from the teacher's EMA weights, trained from scratch.
const teacher = await modelFromCheckpoint(teacherDir);
const modules = [...defaultModules(), consistencyModule];
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
const trainSeconds = (performance.now() - began) / 1000;
trained.udm.dispose();
teacher.udm.dispose();

// Score the CD model (EMA weights) as `udm distill` scores its rows.
const cd = await modelFromCheckpoint(trained.runDir, { modules });
const count = (
  JSON.parse(readFileSync(new URL('../distill.json', import.meta.url), 'utf8')) as { count: number }
).count;
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

const table = (r: readonly DistillRow[]) => mnistDistillTable({ rows: r, reference: pd.reference });
const pdRows = pd.rows.filter((r) => STEPS.includes(r.steps));
const file = join(trained.runDir, 'consistency-comparison.json');
writeFileSync(
  file,
  `${JSON.stringify({ teacher: teacherDir, cd: trained.runDir, rows, pd: pdRows }, null, 2)}\n`,
);
process.stdout.write(
  `PD and the teacher:\n${table(pdRows)}\n\nCD (${trainSeconds.toFixed(0)} s of training):\n${table(rows).replace(/student, round 0/g, 'CD')}\n\nresults: ${file}\n`,
);
