import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AffineNet, LinearProcess, X0Posterior } from '../test-support/toy-plugin.js';
import { ArrayDataset } from '../data/array-dataset.js';
import type { Rng, RngState } from '../random/rng.js';
import { SeededRng } from '../random/seeded-rng.js';
import { Ema } from './ema.js';
import { train } from './train.js';
import { denoisingObjective } from './denoising-objective.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/**
 * Fixed draws for both runs: the data indices (`int`), the times (`uniforms`) and the noise (`normals`) each come from
 * a stream of their own, so k micro-batches of b read exactly the values one batch of k·b reads, in the same order.
 */
class StreamRng implements Rng {
  private readonly ints = new SeededRng(11);
  private readonly us = new SeededRng(12);
  private readonly zs = new SeededRng(13);
  uniform(): number {
    return this.us.uniform();
  }
  uniforms(n: number): Float64Array {
    return this.us.uniforms(n);
  }
  normals(n: number): Float64Array {
    return this.zs.normals(n);
  }
  int(n: number): number {
    return this.ints.int(n);
  }
  getState(): RngState {
    const w = (r: SeededRng) => r.getState().words;
    return { kind: 'streams', words: [...w(this.ints), ...w(this.us), ...w(this.zs)] };
  }
  setState(): void {
    throw new Error('not used');
  }
}

/** 40 distinct 3-d points. */
function data(): ArrayDataset {
  const z = new SeededRng(5).normals(120);
  return new ArrayDataset(
    Float32Array.from(z, (v, i) => v + (i % 3)),
    [3],
  );
}

async function run(batchSize: number, accumulate: number, optimizer: tf.Optimizer, steps = 6) {
  const network = new AffineNet(0.3, 3);
  const process = new LinearProcess(1);
  const posterior = new X0Posterior(network, process);
  const ema = new Ema(network.variables, 0.9);
  const saved: number[] = [];
  const onStep: number[] = [];
  const summary = await train({
    objective: denoisingObjective(process, posterior),
    network,
    data: data(),
    optimizer,
    rng: new StreamRng(),
    batchSize,
    accumulate,
    steps,
    ema,
    checkpointEvery: 2,
    checkpoint: { save: async (s) => void saved.push(s.step) },
    onStep: (p) => onStep.push(p.step),
  });
  const weights = Object.fromEntries([...network.variables].map(([k, v]) => [k, Array.from(v.dataSync())]));
  const emaCount = ema.count;
  network.dispose();
  ema.dispose();
  optimizer.dispose();
  return { summary, weights, saved, onStep, emaCount };
}

function expectClose(a: Record<string, number[]>, b: Record<string, number[]>, tol: number): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const k of Object.keys(a)) {
    a[k]!.forEach((v, i) => expect(Math.abs(v - b[k]![i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(v))));
  }
}

describe('gradient accumulation (train.accumulate)', () => {
  it('k micro-batches of b make the same SGD update as one batch of k·b (fixed draws, float rounding)', async () => {
    const before = tf.memory().numTensors;
    const micro = await run(4, 3, tf.train.sgd(0.1));
    const whole = await run(12, 1, tf.train.sgd(0.1));
    expectClose(micro.weights, whole.weights, 1e-6);
    // The losses reported are the same means too.
    expect(micro.summary.lastLoss).toBeCloseTo(whole.summary.lastLoss, 6);
    // The weights moved: the comparison is not between two untouched networks.
    expect(Math.abs(micro.weights.w![0]! - 0.3)).toBeGreaterThan(1e-3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the same holds for Adam, and a different k·b gives a different update', async () => {
    const micro = await run(2, 5, tf.train.adam(0.05));
    const whole = await run(10, 1, tf.train.adam(0.05));
    expectClose(micro.weights, whole.weights, 1e-5);
    const other = await run(2, 1, tf.train.adam(0.05));
    expect(Math.abs(other.weights.w![0]! - whole.weights.w![0]!)).toBeGreaterThan(1e-4);
  });

  it('steps, EMA updates and checkpoints count optimizer steps, not micro-batches', async () => {
    const r = await run(4, 3, tf.train.sgd(0.1), 6);
    expect(r.summary.step).toBe(6);
    expect(r.onStep).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.emaCount).toBe(6);
    expect(r.saved).toEqual([2, 4, 6]);
  });

  it('accumulate must be an integer ≥ 1', async () => {
    const network = new AffineNet(0, 3);
    const process = new LinearProcess(1);
    const optimizer = tf.train.sgd(0.1);
    for (const bad of [0, 1.5, -2]) {
      await expect(
        train({
          objective: denoisingObjective(process, new X0Posterior(network, process)),
          network,
          data: data(),
          optimizer,
          rng: new SeededRng(0),
          batchSize: 4,
          accumulate: bad,
          steps: 1,
        }),
      ).rejects.toThrow(/accumulate: expected an integer ≥ 1/);
    }
    network.dispose();
    optimizer.dispose();
  });
});
