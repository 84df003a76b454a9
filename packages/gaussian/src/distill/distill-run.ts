import * as tf from '@tensorflow/tfjs';
import {
  AFFINE_GAUSSIAN,
  checkMemory,
  combinedScorer,
  decodeOrThrow,
  deriveSeed,
  estimateTrainStepMemory,
  missingCapability,
  sampleQualitiesFor,
  SeededRng,
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
import { progressiveDistillation, type DistillRoundSummary } from './progressive-distillation.js';

/**
 * What a distill run needs from its host (`udm distill` hands its `CommandContext`): the modules, progress, files,
 * checkpoints, the memory available and image grids.
 */
export type DistillContext = Pick<
  CommandContext,
  | 'modules'
  | 'reporter'
  | 'writeFile'
  | 'joinPath'
  | 'loadModel'
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
  /** The JSON file holding `rows`. */
  readonly file: string;
}

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
 * core's `train()` running `distillationObjective`. Each student is written as a checkpoint that samples with the
 * distill config's `step` and `grid` (default DDIM, η = 0, on linspace), and the table goes to `distill.json`. Every
 * model's samples are scored by the `SAMPLE_QUALITY` yardsticks that apply to the data (prepared once, with their
 * floor as `reference`); for image data each model's first samples are also drawn as
 * `samples-<teacher|student>-<N>.png`.
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
    const count = cfg.count ?? teacher.udm.config.sample.count;
    const reporter = context.reporter();
    const qualities = sampleQualitiesFor(teacher.udm);
    if (qualities.length > 0)
      scorer = combinedScorer(qualities, { udm: teacher.udm, count, seed: teacher.udm.config.seed });
    // The baseline: the undistilled teacher at N and at every step count a student will get.
    const rows: DistillRow[] = [];
    for (let r = 0, n = cfg.teacherSteps; r <= cfg.rounds && Number.isInteger(n) && n >= 1; r++, n /= 2) {
      const ev = await evaluate(teacher.udm, cfg, n, count, scorer, { outDir, name: `samples-teacher-${n}` }, context);
      rows.push({
        model: 'teacher',
        round: 0,
        steps: n,
        sampleSeconds: ev.seconds,
        ...(ev.metrics ? { metrics: ev.metrics } : {}),
        ...(ev.grid ? { grid: ev.grid } : {}),
      });
    }
    const rng = new SeededRng(cfg.seed);
    let round = 0;
    const onRound = async (s: DistillRoundSummary): Promise<void> => {
      reporter.stop();
      round++;
      const ev = await evaluate(student.udm, cfg, s.studentSteps, count, scorer, {
        outDir,
        name: `samples-student-${s.studentSteps}`,
      }, context);
      const file = context.joinPath(outDir, `distilled-${s.studentSteps}.safetensors`);
      const sample = {
        ...student.udm.config.sample,
        step: cfg.step,
        grid: cfg.grid,
        steps: s.studentSteps,
        useEma: false,
      };
      await context.saveCheckpoint(
        file,
        {
          step: round * cfg.stepsPerRound,
          params: student.udm.network.variables,
          optimizer: [],
          rng: rng.getState(),
          loss: s.lastLoss,
        },
        // The student has no EMA of its own: its checkpoint samples with the distilled weights as they are.
        { ...student.udm.config, train: { ...student.udm.config.train, ema: 0 }, sample },
      );
      rows.push({
        model: 'student',
        round,
        steps: s.studentSteps,
        sampleSeconds: ev.seconds,
        trainSeconds: s.seconds,
        finalLoss: s.lastLoss,
        ...(ev.metrics ? { metrics: ev.metrics } : {}),
        checkpoint: file,
        ...(ev.grid ? { grid: ev.grid } : {}),
      });
      if (round < cfg.rounds) reporter.start(cfg.stepsPerRound, `distill round ${round + 1}`);
    };
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
    reporter.start(cfg.stepsPerRound, 'distill round 1');
    await progressiveDistillation({
      teacher: teacherModel,
      student: studentModel,
      process,
      data: teacher.udm.data.train,
      rng,
      batchSize: cfg.batchSize,
      steps: cfg.stepsPerRound,
      teacherSteps: cfg.teacherSteps,
      rounds: cfg.rounds,
      weighting,
      optimizer: () => tf.train.adam(cfg.learningRate),
      onStep: (step, loss) => reporter.update(step, { loss }),
      onRound,
    });
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
