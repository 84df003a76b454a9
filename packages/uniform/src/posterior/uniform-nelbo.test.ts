import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ContinuousScheduleClock,
  CosineKeepSchedule,
  type Dataset,
  LinearKeepSchedule,
  SeededRng,
} from '@udm/core';
import { evaluateUniformNelbo } from '../eval/evaluate-uniform-nelbo.js';
import { UniformProcess } from '../process/uniform-process.js';
import { OracleNetwork } from './test-networks.js';
import { UniformPosterior } from './uniform-posterior.js';

await tf.setBackend('cpu');
await tf.ready();

const K = 3;
const L = 2;
const rows = [
  [0, 1],
  [2, 2],
  [1, 0],
];
const weights = [0.5, 0.3, 0.2];
const entropy = -weights.reduce((s, w) => s + w * Math.log(w), 0);

/** `copies` int32 copies of one row. */
function dataset(row: readonly number[], copies: number): Dataset {
  const ids = Array.from({ length: copies }, () => row).flat();
  return {
    itemShape: [L],
    size: copies,
    categories: K,
    gather: (idx: Int32Array) => ({
      x0: tf.tensor2d(Int32Array.from([...idx].flatMap(() => row)), [idx.length, L], 'int32'),
    }),
    toArray: () => Float32Array.from(ids),
  };
}

describe('the continuous-time uniform NELBO with the Bayes-optimal x0-predictor', () => {
  for (const schedule of [new LinearKeepSchedule(), new CosineKeepSchedule()]) {
    it(`equals −log p_data(x0) for each x0, so the data's entropy on average (the bound is tight), ${schedule.kind} schedule`, () => {
      const process = new UniformProcess(schedule, new ContinuousScheduleClock(1e-3), K);
      const oracle = new OracleNetwork(rows, weights, K, (input) => process.alpha(input / 1000));
      const posterior = new UniformPosterior(process, oracle);
      const before = tf.memory().numTensors;
      let average = 0;
      rows.forEach((row, r) => {
        // With the exact reverse process the path posterior is q's: the bound is tight for every x0 on its own.
        const res = evaluateUniformNelbo(posterior, dataset(row, 400), {
          rng: new SeededRng(7 + r),
          timesPerSequence: 64,
        });
        const se = res.bitsPerCharStdError * Math.LN2 * L;
        const exact = -Math.log(weights[r]!);
        expect(Math.abs(res.natsPerSequence - exact)).toBeLessThan(4 * se);
        expect(se).toBeLessThan(0.05 * exact);
        average += weights[r]! * res.natsPerSequence;
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(Math.abs(average - entropy)).toBeLessThan(0.04 * entropy);
    });
  }
});
