import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ContinuousScheduleClock,
  CosineKeepSchedule,
  type DataBatch,
  type Dataset,
  DiscreteScheduleClock,
  LinearKeepSchedule,
  SeededRng,
} from '@udm/core';
import { evaluateNelbo } from '../eval/evaluate-nelbo.js';
import { SubsPosterior } from '../posterior/subs-posterior.js';
import { NeighbourNetwork } from '../posterior/test-networks.js';
import { MaskingProcess } from '../process/masking-process.js';
import { countMask } from './count-mask.js';
import { countNelboObjective } from './count-nelbo-objective.js';
import { countEstimator, timeEstimator } from './nelbo-estimator.js';

await tf.setBackend('cpu');
await tf.ready();

const V = 4; // ids 0..2 data, 3 = [MASK]
const MASK = 3;
const L = 3;
const rows = [
  [0, 1, 2],
  [2, 2, 0],
  [1, 0, 1],
];

/** `copies` copies of the rows, interleaved. */
function dataset(copies = 1): Dataset {
  const ids = Int32Array.from(Array.from({ length: copies }, () => rows.flat()).flat());
  return {
    itemShape: [L],
    size: rows.length * copies,
    categories: V,
    gather: (idx: Int32Array): DataBatch => ({
      x0: tf.tensor2d(
        Int32Array.from([...idx].flatMap((i) => rows[i % rows.length]!)),
        [idx.length, L],
        'int32',
      ),
    }),
    toArray: () => Float32Array.from(ids),
  };
}

/**
 * The exact NELBO by enumeration of every masked set S ≠ ∅: Σ_S (|S| − 1)!(L − |S|)!/L! Σ_{l ∈ S} −log q(x0^l | x_S),
 * in nats per sequence, averaged over the rows.
 */
function exactNelbo(posterior: SubsPosterior): number {
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  let total = 0;
  for (const x0 of rows) {
    for (let s = 1; s < 1 << L; s++) {
      const size = [...Array(L).keys()].filter((l) => s & (1 << l)).length;
      const xt = x0.map((v, l) => (s & (1 << l) ? MASK : v));
      const nll = tf.tidy(() =>
        posterior
          .tokenNll(
            tf.tensor2d([xt], [1, L], 'int32'),
            tf.tensor2d([x0], [1, L], 'int32'),
            Float64Array.of(0.5),
          )
          .dataSync(),
      );
      total += ((fact(size - 1) * fact(L - size)) / fact(L)) * Array.from(nll).reduce((a, v) => a + v, 0);
    }
  }
  return total / rows.length;
}

describe('count estimator of the masked NELBO', () => {
  const posterior = new SubsPosterior(
    new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V),
    new NeighbourNetwork(V),
    countNelboObjective,
  );

  it('countMask masks 1 + ⌊L·u⌋ positions, those with the smallest ε', () => {
    const { mask, counts } = countMask([0.5, 0.1, 0.9, 0.3, 0.2, 0.8], [0, 0.99], 3);
    expect(Array.from(counts)).toEqual([1, 3]);
    expect(Array.from(mask)).toEqual([0, 1, 0, 1, 1, 1]);
    expect(() => countMask([0.1, 0.2], [1], 2)).toThrow(/u\[0\]: expected a number in \[0, 1\)/);
    expect(() => countMask([0.1], [0.5], 2)).toThrow(/eps: expected/);
  });

  it('both estimators agree with the exact enumeration on a tiny vocabulary within their standard errors; the count one’s is smaller', () => {
    const exact = exactNelbo(posterior);
    const copies = 200;
    const data = dataset(copies);
    const opts = { timesPerSequence: 4, batchSize: 150 };
    const time = evaluateNelbo(posterior, data, { ...opts, rng: new SeededRng(1), estimator: timeEstimator });
    const count = evaluateNelbo(posterior, data, {
      ...opts,
      rng: new SeededRng(1),
      estimator: countEstimator,
    });
    const exactBits = exact / Math.LN2 / L;
    for (const r of [time, count]) {
      expect(r.sequences).toBe(copies * rows.length);
      expect(Math.abs(r.bitsPerChar - exactBits)).toBeLessThan(4 * r.bitsPerCharStdError);
    }
    expect(count.bitsPerCharStdError).toBeLessThan(0.7 * time.bitsPerCharStdError);
  });

  it('the training objective nelbo-count averages to the exact NELBO per token and leaves no tensors', () => {
    const exact = exactNelbo(posterior);
    const rng = new SeededRng(3);
    const process = posterior.process;
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    const n = 400;
    for (let i = 0; i < n; i++) {
      // A random batch of rows: the stratified times must not always meet the same row.
      const batch = Array.from({ length: 3 }, () => rows[rng.int(rows.length)]!);
      const x0 = tf.tensor2d(Int32Array.from(batch.flat()), [3, L], 'int32');
      const t = process.time.sample(3, rng);
      const eps = process.sampleNoise(x0, rng);
      const xt = process.forward(x0, eps, t);
      const loss = posterior.loss({ x0, eps, xt, t });
      losses.push(loss.dataSync()[0]! * L);
      tf.dispose([x0, eps, xt, loss]);
    }
    const mean = losses.reduce((a, b) => a + b, 0) / n;
    const se = Math.sqrt(losses.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) / n);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
    expect(se).toBeLessThan(0.02 * exact);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the two NELBO forms are the same number for any schedule (continuous time)', () => {
    const cosine = new SubsPosterior(
      new MaskingProcess(new CosineKeepSchedule(), new ContinuousScheduleClock(), MASK, V),
      new NeighbourNetwork(V),
      countNelboObjective,
    );
    const r = evaluateNelbo(cosine, dataset(200), {
      timesPerSequence: 4,
      batchSize: 150,
      rng: new SeededRng(2),
      estimator: countEstimator,
    });
    const exactBits = exactNelbo(posterior) / Math.LN2 / L;
    expect(Math.abs(r.bitsPerChar - exactBits)).toBeLessThan(4 * r.bitsPerCharStdError);
  });

  it('nelbo-count names what it needs on a discrete clock', () => {
    const discrete = new SubsPosterior(
      new MaskingProcess(new LinearKeepSchedule(), new DiscreteScheduleClock(10), MASK, V),
      new NeighbourNetwork(V),
      countNelboObjective,
    );
    const x0 = tf.tensor2d([rows[0]!], [1, L], 'int32');
    const eps = tf.zerosLike(x0);
    expect(() => discrete.loss({ x0, eps, xt: x0, t: Float64Array.of(3) })).toThrow(
      /needs a continuous time/,
    );
    tf.dispose([x0, eps]);
  });
});
