import { distillRun, trainRun, type DistillRow, type ProgressMode } from '@udm/cli';
import { exampleJson } from './read-json.js';

export interface DistillTwoMoonsOptions {
  readonly outDir?: string;
  readonly progress?: ProgressMode;
  /** Overrides (tests use fewer steps). */
  readonly teacherTrainSteps?: number;
  readonly distill?: Record<string, unknown>;
}

export interface DistillTwoMoonsResult {
  readonly runDir: string;
  readonly rows: readonly DistillRow[];
  readonly file: string;
}

/** Trains the v-prediction teacher on two-moons (cosine VP, continuous time), then distils it round by round. */
export async function distillTwoMoons(options: DistillTwoMoonsOptions = {}): Promise<DistillTwoMoonsResult> {
  const config = exampleJson('configs/moons-v-cosine.json');
  const train = {
    ...(config['train'] as object),
    ...(options.teacherTrainSteps ? { steps: options.teacherTrainSteps } : {}),
  };
  const progress = options.progress ?? 'bar';
  const trained = await trainRun({
    config: { ...config, train },
    outDir: options.outDir ?? 'runs',
    name: 'moons-v-teacher',
    progress,
  });
  trained.udm.dispose();
  const result = await distillRun({
    checkpoint: trained.runDir,
    config: { ...exampleJson('configs/distill.json'), ...options.distill },
    progress,
  });
  return { runDir: trained.runDir, ...result };
}

/** The rows as a Markdown table. */
export function distillTable(rows: readonly DistillRow[]): string {
  const f = (v: number | undefined, d = 4) => (v === undefined ? '–' : v.toFixed(d));
  const lines = [
    '| model | DDIM steps | sliced W1 | MMD² | sampling s | round training s |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.model === 'teacher' ? 'teacher' : `student, round ${r.round}`} | ${r.steps} | ${f(r.metrics?.slicedWasserstein)} | ${f(r.metrics?.mmd2, 5)} | ${f(r.sampleSeconds, 2)} | ${f(r.trainSeconds, 1)} |`,
    );
  }
  const ref = rows[0]?.metrics?.reference;
  if (ref)
    lines.push(`| training data (floor) | – | ${f(ref.slicedWasserstein)} | ${f(ref.mmd2, 5)} | – | – |`);
  return lines.join('\n');
}
