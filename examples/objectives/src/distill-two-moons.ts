import { commandContext, trainRun, type ProgressMode } from '@udm/cli';
import { distillRun, distillTable, type DistillRunResult } from '@udm/gaussian';
import { exampleJson } from './read-json.js';

export interface DistillTwoMoonsOptions {
  readonly outDir?: string;
  readonly progress?: ProgressMode;
  /** Overrides (tests use fewer steps). */
  readonly teacherTrainSteps?: number;
  readonly distill?: Record<string, unknown>;
}

export interface DistillTwoMoonsResult extends DistillRunResult {
  readonly runDir: string;
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
  const result = await distillRun(
    {
      checkpoint: trained.runDir,
      config: { ...exampleJson('configs/distill.json'), ...options.distill },
    },
    commandContext({ progress }),
  );
  return { runDir: trained.runDir, ...result };
}

/** The rows as a Markdown table (sliced W1 and MMD² vs held-out points; the last row is training data, the floor). */
export function twoMoonsDistillTable(result: Pick<DistillRunResult, 'rows' | 'reference'>): string {
  return distillTable(result, [
    { key: 'slicedWasserstein', title: 'sliced W1', digits: 4 },
    { key: 'mmd2', title: 'MMD²', digits: 5 },
  ]);
}
