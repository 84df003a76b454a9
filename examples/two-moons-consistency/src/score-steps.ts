import * as tf from '@tensorflow/tfjs';
import {
  combinedScorer,
  deriveSeed,
  sampleQualitiesFor,
  SeededRng,
  type EvalValues,
  type Udm,
} from '@udm/core';

/** One evaluated model at one step count. */
export interface ScoredRow {
  readonly model: string;
  readonly steps: number;
  readonly metrics: EvalValues;
  readonly sampleSeconds: number;
}

/**
 * Samples `count` points at each step count with the model's configured sampler on the `linspace` grid, from the
 * same seed as `udm distill` samples its rows (deriveSeed(seed, 'sample')), and scores them with the same
 * yardsticks (`SAMPLE_QUALITY`: sliced W1 and MMD² against the held-out points). Returns the rows and the floor.
 */
export function scoreSteps(
  udm: Udm,
  model: string,
  steps: readonly number[],
  count: number,
): { rows: ScoredRow[]; reference: EvalValues } {
  const scorer = combinedScorer(sampleQualitiesFor(udm), { udm, count, seed: udm.config.seed });
  try {
    const rows = steps.map((n) => {
      const began = performance.now();
      const { x0 } = udm.sample({
        count,
        steps: n,
        grid: { kind: 'linspace' },
        rng: new SeededRng(deriveSeed(udm.config.seed, 'sample')),
      });
      const samples = x0.dataSync() as Float32Array;
      const sampleSeconds = (performance.now() - began) / 1000;
      const metrics = scorer.score(samples);
      tf.dispose(x0);
      return { model, steps: n, metrics, sampleSeconds };
    });
    return { rows, reference: scorer.reference };
  } finally {
    scorer.dispose();
  }
}
