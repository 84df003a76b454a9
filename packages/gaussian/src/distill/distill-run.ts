import * as tf from '@tensorflow/tfjs';
import {
  AFFINE_GAUSSIAN,
  checkMemory,
  Ema,
  restoreOptimizer,
  combinedScorer,
  decodeOrThrow,
  deriveSeed,
  estimateTrainStepMemory,
  missingCapability,
  sampleQualitiesFor,
  SeededRng,
  type CheckpointSink,
  type CommandContext,
  type EvalValues,
  type KindConfig,
  type SampleScorer,
  type Udm,
} from '@udm/core';
import { lossWeightingRegistry } from '../objective/weighting-contributions.js';
import { GAUSSIAN_PREDICTION } from '../posterior/gaussian-prediction-capability.js';
import { distillConfigCodec } from './distill-config.js';
import { distillationObjective } from './distillation-objective.js';
import { copyWeights } from './copy-weights.js';
import { distillRound, type DistillModel } from './progressive-distillation.js';

/**
 * What a distill run needs from its host (`udm distill` hands its `CommandContext`): the modules, progress, files,
 * checkpoints, the memory available and image grids.
 */
export type DistillContext = Pick<
  CommandContext,
  | 'modules'
  | 'reporter'
  | 'writeFile'
  | 'readJson'
  | 'exists'
  | 'joinPath'
  | 'loadModel'
  | 'readCheckpoint'
  | 'saveCheckpoint'
  | 'availableMemoryBytes'
  | 'samplesPng'
>;

export interface DistillRunOptions {
  /** The teacher: a checkpoint file or run directory (a Gaussian model on a continuous-time process). */
  readonly checkpoint: string;
  /** The distillation config (`distillConfigCodec`; every field has a default). */
  readonly config?: unknown;
  /** Where results go (default: the checkpoint's directory). */
  readonly outDir?: string;
  /**
   * Continue an interrupted run in `outDir` (its `distill-progress.json`): completed rounds are kept, the current
   * round continues from its last checkpoint (`distill-round-<r>.safetensors`) with the same optimizer, RNG and EMA
   * state, so the students are bit for bit those of an uninterrupted run (same backend).
   */
  readonly resume?: boolean;
  /** Stops after the current optimizer step, writing the round's checkpoint (`resume` continues from it). */
  readonly signal?: AbortSignal;
}

/** One evaluated model: the undistilled teacher at N, N/2, …, or the student of a round at N/2^round. */
export interface DistillRow {
  readonly model: 'teacher' | 'student';
  readonly round: number;
  readonly steps: number;
  readonly sampleSeconds: number;
  readonly trainSeconds?: number;
  readonly finalLoss?: number;
  /** The sample-quality numbers of every yardstick bound to `SAMPLE_QUALITY` that applies to the data. */
  readonly metrics?: EvalValues;
  readonly checkpoint?: string;
  /** A PNG grid of the first samples (image data). */
  readonly grid?: string;
}

export interface DistillRunResult {
  readonly rows: readonly DistillRow[];
  /** The yardsticks that scored the samples (names), and `count` real training examples scored alike (the floor). */
  readonly qualities: readonly string[];
  readonly reference?: EvalValues;
  /** The JSON file holding `rows` (`distill.json`; `distill-progress.json` when the run was stopped). */
  readonly file: string;
  /** Where a stopped run stopped (`signal`): continue it with `resume`. */
  readonly stopped?: { readonly round: number; readonly step: number };
}

/** What `distill-progress.json` holds: written after the baseline and after each round. */
interface DistillProgress {
  readonly config: unknown;
  readonly teacher: string;
  readonly rows: readonly DistillRow[];
}

const PROGRESS = 'distill-progress.json';

/**
 * Samples with the distill config's step and grid (default DDIM, η = 0, on linspace: the sampler progressive
 * distillation trains for), sample quality and, for image data, a PNG grid of the samples as `<name>.png` in
 * `outDir`.
 */
async function evaluate(
  udm: Udm,
  sampler: { readonly step: KindConfig; readonly grid: KindConfig },
  steps: number,
  count: number,
  scorer: SampleScorer | undefined,
  picture: { readonly outDir: string; readonly name: string },
  context: DistillContext,
): Promise<{ seconds: number; metrics?: EvalValues; grid?: string }> {
  const began = performance.now();
  const result = udm.sample({
    count,
    steps,
    step: sampler.step,
    grid: sampler.grid,
    rng: new SeededRng(deriveSeed(udm.config.seed, 'sample')),
  });
  const samples = result.x0.dataSync() as Float32Array;
  const seconds = (performance.now() - began) / 1000;
  tf.dispose(result.x0);
  const item = udm.data.train.itemShape;
  let grid: string | undefined;
  const png =
    udm.data.train.categories === undefined
      ? context.samplesPng(samples, item, udm.data.heldOut.toArray())
      : undefined;
  if (png) {
    grid = context.joinPath(picture.outDir, `${picture.name}.png`);
    await context.writeFile(grid, png);
  }
  return {
    seconds,
    ...(scorer ? { metrics: scorer.score(samples) } : {}),
    ...(grid ? { grid } : {}),
  };
}

/**
 * Progressive distillation of a trained Gaussian model (Salimans & Ho 2022): the teacher is evaluated at N, N/2, …
 * steps (the baseline), then each round's student (initialised from the teacher) at N/2, N/4, …; each round is
 * core's `train()` running `distillationObjective`, with the EMA of the distill config's `ema` (the student is then
 * the averaged weights) and a checkpoint every `checkpointEvery` steps (`distill-round-<r>.safetensors`; `resume`
 * continues from it). Each student is written as a checkpoint that samples with the distill config's `step` and
 * `grid` (default DDIM, η = 0, on linspace), and the table goes to `distill.json`. Every model's samples are scored
 * by the `SAMPLE_QUALITY` yardsticks that apply to the data (prepared once, with their floor as `reference`); for
 * image data each model's first samples are also drawn as `samples-<teacher|student>-<N>.png`. The host's files,
 * checkpoints and progress come from `context` (`udm distill` hands its `CommandContext`).
 */
export async function distillRun(
  options: DistillRunOptions,
  context: DistillContext,
): Promise<DistillRunResult> {
  const cfg = decodeOrThrow(distillConfigCodec, options.config ?? {}, 'distill config');
  const load = () => context.loadModel(options.checkpoint);
  const teacher = await load();
  const student = await load();
  let scorer: SampleScorer | undefined;
  try {
    const process = teacher.udm.process;
    const teacherModel = teacher.udm.posterior;
    const studentModel = student.udm.posterior;
    if (!AFFINE_GAUSSIAN.has(process)) throw new Error(missingCapability(AFFINE_GAUSSIAN, 'distill'));
    if (!GAUSSIAN_PREDICTION.has(teacherModel) || !GAUSSIAN_PREDICTION.has(studentModel))
      throw new Error(missingCapability(GAUSSIAN_PREDICTION, 'distill'));
    const outDir = options.outDir ?? teacher.dir;
    const progressFile = context.joinPath(outDir, PROGRESS);
    const count = cfg.count ?? teacher.udm.config.sample.count;
    const reporter = context.reporter();
    const qualities = sampleQualitiesFor(teacher.udm);
    if (qualities.length > 0)
      scorer = combinedScorer(qualities, { udm: teacher.udm, count, seed: teacher.udm.config.seed });
    const rows: DistillRow[] = [];
    const saveProgress = (): Promise<void> =>
      context.writeFile(
        progressFile,
        `${JSON.stringify({ config: cfg, teacher: teacher.file, rows } satisfies DistillProgress, null, 2)}\n`,
      );
    if (options.resume)
      rows.push(
        ...resumedRows(context.readJson(progressFile, 'distill --resume'), cfg, teacher.file, progressFile),
      );
    else {
      // The baseline: the undistilled teacher at N and at every step count a student will get.
      for (let r = 0, n = cfg.teacherSteps; r <= cfg.rounds && Number.isInteger(n) && n >= 1; r++, n /= 2) {
        const ev = await evaluate(
          teacher.udm,
          cfg,
          n,
          count,
          scorer,
          { outDir, name: `samples-teacher-${n}` },
          context,
        );
        rows.push({
          model: 'teacher',
          round: 0,
          steps: n,
          sampleSeconds: ev.seconds,
          ...(ev.metrics ? { metrics: ev.metrics } : {}),
          ...(ev.grid ? { grid: ev.grid } : {}),
        });
      }
    }
    const rng = new SeededRng(cfg.seed);
    const done = rows.filter((r) => r.model === 'student');
    const last = done.at(-1);
    if (last) {
      // The last completed student is the next round's teacher; its checkpoint holds the RNG state at the round's end.
      const stored = await context.readCheckpoint(last.checkpoint!);
      try {
        for (const [name, v] of teacherModel.network.variables) {
          const value = stored.snapshot.params.get(name);
          if (!value) throw new Error(`distill --resume: ${last.checkpoint} has no weight ${name}`);
          v.assign(value);
        }
        if (stored.snapshot.rng) rng.setState(stored.snapshot.rng);
      } finally {
        stored.dispose();
      }
    }
    const weighting = lossWeightingRegistry.create(cfg.weighting, { process });
    if (process.time.kind === 'continuous') {
      // Refuse a batch that cannot fit before the first round allocates it: the round's own objective, measured.
      const objective = distillationObjective({
        teacher: teacherModel,
        student: studentModel,
        process,
        studentSteps: Math.max(1, Math.floor(cfg.teacherSteps / 2)),
        weighting,
      });
      const estimate = await estimateTrainStepMemory({
        process,
        posterior: studentModel,
        objective,
        data: teacher.udm.data.train,
      });
      checkMemory(
        estimate,
        cfg.batchSize,
        context.availableMemoryBytes(),
        `distill batchSize = ${cfg.batchSize}`,
        'lower batchSize in the distill config (or use a smaller network)',
      );
    }
    await saveProgress();
    const teacherNet = (teacherModel as DistillModel).network;
    const studentNet = (studentModel as DistillModel).network;
    const studentConfig = {
      ...student.udm.config,
      train: { ...student.udm.config.train, ema: cfg.ema },
      sample: { ...student.udm.config.sample, step: cfg.step, grid: cfg.grid, useEma: cfg.ema > 0 },
    };
    let n = cfg.teacherSteps / 2 ** done.length;
    for (let round = done.length + 1; round <= cfg.rounds; round++, n /= 2) {
      if (n % 2 !== 0)
        throw new RangeError(`distill: round ${round}: the teacher's ${n} steps cannot be halved`);
      const studentSteps = n / 2;
      copyWeights(teacherNet, studentNet);
      const optimizer = tf.train.adam(cfg.learningRate);
      const ema = cfg.ema > 0 ? new Ema(studentNet.variables, cfg.ema) : undefined;
      const roundFile = context.joinPath(outDir, `distill-round-${round}.safetensors`);
      try {
        let startStep = 0;
        if (options.resume && context.exists(roundFile)) {
          const stored = await context.readCheckpoint(roundFile);
          try {
            const snap = stored.snapshot;
            for (const [name, v] of studentNet.variables) {
              const value = snap.params.get(name);
              if (!value || !tf.util.arraysEqual(value.shape, v.shape))
                throw new Error(
                  `distill --resume: ${roundFile}: params.${name} is missing or has another shape`,
                );
              v.assign(value);
            }
            if (ema) {
              if (!snap.ema)
                throw new Error(`distill --resume: ${roundFile} has no EMA weights, the config keeps one`);
              for (const [name, v] of ema.shadow) v.assign(snap.ema.get(name) ?? v);
              ema.count = snap.emaUpdates ?? 0;
            }
            if (snap.optimizer && snap.optimizer.length > 0)
              await restoreOptimizer(optimizer, snap.optimizer, snap.step);
            if (snap.rng) rng.setState(snap.rng);
            startStep = snap.step;
          } finally {
            stored.dispose();
          }
        }
        const sink: CheckpointSink = {
          save: (state) => context.saveCheckpoint(roundFile, state, studentConfig),
        };
        reporter.start(cfg.stepsPerRound, `distill round ${round}`);
        const summary = await distillRound({
          teacher: teacherModel,
          student: studentModel as DistillModel,
          process,
          data: teacher.udm.data.train,
          optimizer,
          rng,
          batchSize: cfg.batchSize,
          steps: cfg.stepsPerRound,
          studentSteps,
          weighting,
          ...(ema ? { ema } : {}),
          checkpoint: sink,
          checkpointEvery: cfg.checkpointEvery,
          startStep,
          ...(options.signal ? { signal: options.signal } : {}),
          onStep: (step, loss) => reporter.update(step, { loss }),
        });
        reporter.stop();
        if (summary.stopped) {
          const table = {
            qualities: qualities.map((q) => q.name),
            ...(scorer ? { reference: scorer.reference } : {}),
            rows,
          };
          return { ...table, file: progressFile, stopped: { round, step: summary.step } };
        }
        // With an EMA the distilled student is the averaged weights (and the next round's teacher).
        ema?.copyTo(studentNet.variables);
        const ev = await evaluate(
          student.udm,
          cfg,
          studentSteps,
          count,
          scorer,
          { outDir, name: `samples-student-${studentSteps}` },
          context,
        );
        const file = context.joinPath(outDir, `distilled-${studentSteps}.safetensors`);
        await context.saveCheckpoint(
          file,
          {
            step: round * cfg.stepsPerRound,
            params: studentNet.variables,
            ...(ema ? { ema: ema.shadow, emaUpdates: ema.count } : {}),
            optimizer: [],
            rng: rng.getState(),
            loss: summary.lastLoss,
          },
          { ...studentConfig, sample: { ...studentConfig.sample, steps: studentSteps } },
        );
        rows.push({
          model: 'student',
          round,
          steps: studentSteps,
          sampleSeconds: ev.seconds,
          trainSeconds: summary.seconds,
          finalLoss: summary.lastLoss,
          ...(ev.metrics ? { metrics: ev.metrics } : {}),
          checkpoint: file,
          ...(ev.grid ? { grid: ev.grid } : {}),
        });
        await saveProgress();
      } finally {
        optimizer.dispose();
        ema?.dispose();
      }
      copyWeights(studentNet, teacherNet);
    }
    const file = context.joinPath(outDir, 'distill.json');
    const table = {
      qualities: qualities.map((q) => q.name),
      ...(scorer ? { reference: scorer.reference } : {}),
      rows,
    };
    await context.writeFile(file, `${JSON.stringify({ config: cfg, ...table }, null, 2)}\n`);
    return { ...table, file };
  } finally {
    scorer?.dispose();
    teacher.udm.dispose();
    student.udm.dispose();
  }
}

/** The rows of an interrupted run, after checking that it is the same distillation (config and teacher). */
function resumedRows(raw: unknown, cfg: unknown, teacher: string, file: string): DistillRow[] {
  const p = raw as Partial<DistillProgress> | null;
  if (typeof p !== 'object' || p === null || !Array.isArray(p.rows) || typeof p.teacher !== 'string')
    throw new Error(`distill --resume: ${file} is not a distill progress file`);
  if (p.teacher !== teacher)
    throw new Error(`distill --resume: ${file} distils ${p.teacher}, not ${teacher}; give the same teacher`);
  const given = cfg as Record<string, unknown>;
  const stored = (p.config ?? {}) as Record<string, unknown>;
  const differ = [...new Set([...Object.keys(given), ...Object.keys(stored)])].filter(
    (k) => JSON.stringify(given[k]) !== JSON.stringify(stored[k]),
  );
  if (differ.length > 0)
    throw new Error(
      `distill --resume: the distill config differs from the interrupted run's in ${differ.join(', ')} ` +
        `(${differ.map((k) => `${k}: ${JSON.stringify(stored[k])}`).join(', ')}); give the same config`,
    );
  return p.rows as DistillRow[];
}
