import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createUdm, deriveSeed, evaluatePoints, SeededRng, type Udm } from '@udm/core';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { defaultModules, lineChartSvg, svgToPng, type ProgressMode } from '@udm/cli';
import { exampleJson } from './read-json.js';

/** The parameterizations compared (seed 004's four, plus x0 under its diffusers name `sample`). */
export const PARAMETERIZATION_KINDS = ['epsilon', 'sample', 'v', 'score', 'flow'] as const;

/**
 * matched: ω ≡ 1 on the ε-error, so every parameterization minimises the same function-space objective
 * E‖ε̂ − ε‖² (seed 004, § 5.3.1); unmatched: ω ≡ 1 on each parameterization's own output (its plain MSE).
 */
export const CONDITIONS = {
  matched: { kind: 'constant', space: 'epsilon' },
  unmatched: { kind: 'constant', space: 'output' },
} as const;

export type Condition = keyof typeof CONDITIONS;

export interface ConsistencyOptions {
  readonly outDir?: string;
  readonly trainSteps?: number;
  /** Evaluate every this many steps (the learning curve). */
  readonly evalEvery?: number;
  readonly seeds?: readonly number[];
  readonly parameterizations?: readonly string[];
  readonly conditions?: readonly Condition[];
  /** Samples per evaluation. */
  readonly count?: number;
  readonly progress?: ProgressMode;
  /** Top-level config sections replacing those of `configs/moons-vp.json` (tests use a smaller model). */
  readonly configOverrides?: Record<string, unknown>;
}

export interface ConsistencyRun {
  readonly parameterization: string;
  readonly condition: Condition;
  readonly seed: number;
  /** (step, sliced W1, MMD²) after each evaluation; the last is the final model. */
  readonly curve: readonly { step: number; slicedWasserstein: number; mmd2: number }[];
  readonly trainSeconds: number;
}

export interface ConsistencyResult {
  readonly runs: readonly ConsistencyRun[];
  readonly reference: { slicedWasserstein: number; mmd2: number };
  readonly json: string;
  readonly png: string;
}

/** DDIM-50 samples with the EMA weights, leaving the raw weights in place for further training. */
function evaluate(
  udm: Udm,
  count: number,
): { slicedWasserstein: number; mmd2: number; reference: { slicedWasserstein: number; mmd2: number } } {
  const raw = new Map([...udm.network.variables].map(([n, v]) => [n, v.clone()]));
  udm.useEmaWeights();
  const result = udm.sample({ count, rng: new SeededRng(deriveSeed(udm.config.seed, 'sample')) });
  for (const [n, v] of udm.network.variables) v.assign(raw.get(n)!);
  tf.dispose([...raw.values()]);
  const samples = result.x0.dataSync() as Float32Array;
  tf.dispose(result.x0);
  return evaluatePoints(samples, udm.data.heldOut.toArray(), udm.data.train.toArray(), 2, udm.config.seed);
}

/**
 * Trains the two-moons model (VP in continuous time, MLP) once per parameterization × condition × seed and
 * evaluates sample quality (DDIM-50, sliced W1 and MMD² against held-out points) along training.
 */
export async function runConsistency(options: ConsistencyOptions = {}): Promise<ConsistencyResult> {
  const base = { ...exampleJson('configs/moons-vp.json'), ...options.configOverrides };
  const steps = options.trainSteps ?? 2000;
  const every = options.evalEvery ?? 500;
  const count = options.count ?? 2000;
  const outDir =
    options.outDir ?? join('runs', `consistency-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(outDir, { recursive: true });
  const runs: ConsistencyRun[] = [];
  let reference = { slicedWasserstein: NaN, mmd2: NaN };
  for (const condition of options.conditions ?? (Object.keys(CONDITIONS) as Condition[])) {
    for (const parameterization of options.parameterizations ?? PARAMETERIZATION_KINDS) {
      for (const seed of options.seeds ?? [0]) {
        // ω ≡ 1 on ε is ε-prediction's own plain MSE: the unmatched ε run is the matched one.
        const same = runs.find(
          (r) =>
            condition === 'unmatched' &&
            parameterization === 'epsilon' &&
            r.parameterization === 'epsilon' &&
            r.seed === seed,
        );
        if (same) {
          runs.push({ ...same, condition });
          continue;
        }
        const udm = createUdm(
          {
            ...base,
            seed,
            posterior: { kind: parameterization },
            train: {
              ...(base['train'] as object),
              steps,
              objective: { kind: 'weighted-denoising', weighting: CONDITIONS[condition] },
            },
          },
          defaultModules(),
        );
        try {
          const curve: { step: number; slicedWasserstein: number; mmd2: number }[] = [];
          let trainSeconds = 0;
          for (let done = 0; done < steps;) {
            const next = Math.min(steps, done + every);
            const summary = await udm.train({ steps: next });
            trainSeconds += summary.seconds;
            done = next;
            const m = evaluate(udm, count);
            reference = m.reference;
            curve.push({ step: done, slicedWasserstein: m.slicedWasserstein, mmd2: m.mmd2 });
          }
          const last = curve[curve.length - 1]!;
          if (options.progress !== 'quiet') {
            process.stderr.write(
              `${condition} ${parameterization} seed ${seed}: sliced W1 ${last.slicedWasserstein.toFixed(4)}, MMD² ${last.mmd2.toFixed(5)} (${trainSeconds.toFixed(1)} s)\n`,
            );
          }
          runs.push({ parameterization, condition, seed, curve, trainSeconds });
        } finally {
          udm.dispose();
        }
      }
    }
  }
  const json = join(outDir, 'consistency.json');
  await writeFileAtomic(json, `${JSON.stringify({ steps, every, count, reference, runs }, null, 2)}\n`);
  const png = join(outDir, 'consistency.png');
  await writeFileAtomic(png, svgToPng(consistencyChart(runs)));
  return { runs, reference, json, png };
}

const COLORS: Record<string, string> = {
  epsilon: '#1f77b4',
  sample: '#d62728',
  v: '#2ca02c',
  score: '#9467bd',
  flow: '#ff7f0e',
};

/** Sliced W1 along training: solid lines matched, faint lines unmatched (mean over seeds). */
export function consistencyChart(runs: readonly ConsistencyRun[]): string {
  const groups = new Map<string, ConsistencyRun[]>();
  for (const r of runs) {
    const key = `${r.parameterization} (${r.condition})`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const series = [...groups].map(([label, rs]) => {
    const steps = rs[0]!.curve.map((c) => c.step);
    const y = steps.map((_, i) => rs.reduce((a, r) => a + r.curve[i]!.slicedWasserstein, 0) / rs.length);
    const matched = rs[0]!.condition === 'matched';
    return {
      label,
      x: steps,
      y,
      color: COLORS[rs[0]!.parameterization] ?? '#333333',
      width: matched ? 2.5 : 1.2,
      opacity: matched ? 1 : 0.55,
    };
  });
  return lineChartSvg(series, {
    title: 'two-moons: sample quality by parameterization (solid: matched ε-space ω, faint: plain MSE)',
    xLabel: 'training step',
    yLabel: 'sliced W1 vs held-out (DDIM-50)',
    width: 760,
    height: 440,
  });
}

/** Final sliced W1 / MMD² per parameterization and condition (mean ± spread over seeds) as Markdown. */
export function consistencyTable(runs: readonly ConsistencyRun[]): string {
  const rows = ['| parameterization | ω | sliced W1 | MMD² | train s |', '|---|---|---|---|---|'];
  const keys = [...new Set(runs.map((r) => `${r.condition}|${r.parameterization}`))];
  for (const key of keys) {
    const [condition, p] = key.split('|') as [Condition, string];
    const rs = runs.filter((r) => r.condition === condition && r.parameterization === p);
    const fin = rs.map((r) => r.curve[r.curve.length - 1]!);
    const fmt = (v: number[], d: number) =>
      v.length === 1
        ? v[0]!.toFixed(d)
        : `${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(d)} (${v.map((x) => x.toFixed(d)).join(', ')})`;
    const w = condition === 'matched' ? '1 on ε (matched)' : '1 on own output';
    const secs = rs.reduce((a, r) => a + r.trainSeconds, 0) / rs.length;
    rows.push(
      `| ${p} | ${w} | ${fmt(
        fin.map((f) => f.slicedWasserstein),
        4,
      )} | ${fmt(
        fin.map((f) => f.mmd2),
        5,
      )} | ${secs.toFixed(1)} |`,
    );
  }
  return rows.join('\n');
}
