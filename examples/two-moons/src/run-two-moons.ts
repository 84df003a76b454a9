import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { sampleRun, scatterPng, trainRun, type ProgressMode, type SampleRunResult } from '@udm/cli';

export interface TwoMoonsOptions {
  /** The config (default: this example's config.json). */
  readonly config?: unknown;
  readonly outDir?: string;
  readonly progress?: ProgressMode;
  /** Override `train.steps` (tests use fewer). */
  readonly trainSteps?: number;
}

export interface TwoMoonsResult {
  readonly runDir: string;
  readonly trainStepsPerSecond: number;
  readonly trainSeconds: number;
  readonly ddpm: SampleRunResult;
  readonly ddim: SampleRunResult;
  readonly figure: string;
  /** The held-out data the samples were compared with (row-major [n, 2]). */
  readonly heldOut: Float32Array;
}

export function defaultConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../config.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** Trains the two-moons DDPM, samples 2,000 points with DDPM-1000 and DDIM-50, and writes the figure. */
export async function runTwoMoons(options: TwoMoonsOptions = {}): Promise<TwoMoonsResult> {
  const config = (options.config ?? defaultConfig()) as Record<string, unknown>;
  const withSteps =
    options.trainSteps === undefined
      ? config
      : { ...config, train: { ...(config['train'] as object), steps: options.trainSteps } };
  const progress = options.progress ?? 'bar';
  const trained = await trainRun({
    config: withSteps,
    outDir: options.outDir ?? 'runs',
    name: 'two-moons',
    progress,
  });
  try {
    const common = { udm: trained.udm, outDir: trained.runDir, count: 2000, progress } as const;
    const ddpm = await sampleRun({
      ...common,
      step: { kind: 'ddpm' },
      grid: { kind: 'leading' },
      steps: 1000,
    });
    const ddim = await sampleRun({
      ...common,
      step: { kind: 'ddim', eta: 0 },
      grid: { kind: 'leading' },
      steps: 50,
    });
    const figure = join(trained.runDir, 'two-moons.png');
    await writeFileAtomic(
      figure,
      scatterPng(
        [
          { label: 'held-out data', points: trained.udm.data.heldOut.toArray(), color: [31, 119, 180] },
          { label: 'DDPM, 1000 steps', points: ddpm.samples, color: [214, 39, 40] },
          { label: 'DDIM, 50 steps', points: ddim.samples, color: [44, 160, 44] },
        ],
        { size: 360, range: [-3.4, 3.4] },
      ),
    );
    return {
      runDir: trained.runDir,
      trainStepsPerSecond: trained.summary.stepsPerSecond,
      trainSeconds: trained.summary.seconds,
      ddpm,
      ddim,
      figure,
      heldOut: trained.udm.data.heldOut.toArray(),
    };
  } finally {
    trained.udm.dispose();
  }
}
