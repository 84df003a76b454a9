import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearProcess } from '../test-support/toy-plugin.js';
import type { ForwardSample } from '../contracts/forward-sample.js';
import type { Network } from '../contracts/network.js';
import type { PosteriorModel } from '../contracts/posterior-model.js';
import { ArrayDataset } from '../data/array-dataset.js';
import { DataError } from '../data/data-error.js';
import type { DataBatch, Dataset } from '../data/dataset.js';
import { SeededRng } from '../random/seeded-rng.js';
import { DivergenceError } from './divergence-error.js';
import { Ema } from './ema.js';
import { globalNorm } from './gradients.js';
import { OutOfMemoryError } from './out-of-memory-error.js';
import { train, type TrainOptions } from './train.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

class AffineNet implements Network {
  readonly variables = new Map([
    ['w', tf.variable(tf.zeros([1]))],
    ['b', tf.variable(tf.zeros([2]))],
  ]);
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(tf.mul(x, this.variables.get('w')!), this.variables.get('b')!));
  }
  values(): number[] {
    return [...this.variables.values()].flatMap((v) => Array.from(v.dataSync()));
  }
}

class X0Posterior implements PosteriorModel {
  calls = 0;
  constructor(
    readonly network: AffineNet,
    private readonly scale = 1,
  ) {}
  predict(xt: tf.Tensor) {
    return { x0: this.network.apply(xt) };
  }
  loss(sample: ForwardSample): tf.Scalar {
    this.calls++;
    return tf.tidy(
      () =>
        tf.mul(tf.mean(tf.square(tf.sub(this.network.apply(sample.xt), sample.x0))), this.scale) as tf.Scalar,
    );
  }
}

function pointData(): ArrayDataset {
  const v = new Float32Array(128);
  for (let i = 0; i < 64; i++) v.set([2, -1], 2 * i);
  return new ArrayDataset(v, [2]);
}

/** A data set that delegates to `inner` but lets a test tamper with the batch of a given call. */
class TamperedData implements Dataset {
  calls = 0;
  constructor(
    private readonly inner: Dataset,
    private readonly tamper: (call: number, batch: DataBatch) => DataBatch,
    readonly size = inner.size,
    readonly itemShape: readonly number[] = inner.itemShape,
  ) {}
  gather(indices: Int32Array): DataBatch {
    this.calls++;
    return this.tamper(this.calls, this.inner.gather(indices));
  }
  toArray(): Float32Array {
    return this.inner.toArray();
  }
}

function setup(overrides: Partial<TrainOptions> = {}, scale = 1) {
  const network = new AffineNet();
  const posterior = new X0Posterior(network, scale);
  const optimizer = tf.train.adam(0.05);
  const rng = new SeededRng(1);
  const options: TrainOptions = {
    process: new LinearProcess(1),
    posterior,
    data: pointData(),
    optimizer,
    rng,
    batchSize: 8,
    steps: 6,
    ...overrides,
  };
  return {
    network,
    posterior,
    rng,
    options,
    dispose: () => {
      tf.dispose([...network.variables.values()]);
      optimizer.dispose();
    },
  };
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('train: bad options and data are rejected before the first step', () => {
  const cases: Array<[string, Partial<TrainOptions>, RegExp]> = [
    ['batchSize 0', { batchSize: 0 }, /^batchSize: expected an integer ≥ 1, got 0$/],
    ['fractional batchSize', { batchSize: 2.5 }, /^batchSize: .*got 2\.5$/],
    ['NaN batchSize', { batchSize: NaN }, /^batchSize: .*got NaN$/],
    ['negative steps', { steps: -1 }, /^steps: expected an integer ≥ 0, got -1$/],
    ['checkpointEvery 0', { checkpointEvery: 0 }, /^checkpointEvery: .*got 0$/],
    ['gradClipNorm 0', { gradClipNorm: 0 }, /^gradClipNorm: expected a positive finite number, got 0$/],
    ['gradClipNorm Infinity', { gradClipNorm: Infinity }, /^gradClipNorm: .*got Infinity$/],
    ['negative startStep', { startStep: -3 }, /^startStep: .*got -3$/],
  ];
  for (const [label, patch, message] of cases) {
    it(label, async () => {
      const s = setup(patch);
      const rngBefore = s.rng.getState();
      const e = await errorOf(train(s.options));
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toMatch(message);
      expect(s.posterior.calls).toBe(0);
      expect(s.rng.getState()).toEqual(rngBefore);
      s.dispose();
    });
  }

  it('an empty data set', async () => {
    const empty: Dataset = {
      itemShape: [2],
      size: 0,
      gather: () => ({ x0: tf.zeros([0, 2]) }),
      toArray: () => new Float32Array(0),
    };
    const s = setup({ data: empty });
    const e = await errorOf(train(s.options));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe('data: the data set is empty (expected at least one example)');
    expect(s.posterior.calls).toBe(0);
    s.dispose();
  });

  it('an invalid item shape or class count', async () => {
    for (const [patch, message] of [
      [{ itemShape: [2, 0] }, /data: item shape \[2, 0\] has dimension 1 = 0, expected a positive integer/],
      [{ itemShape: [-2, -1] }, /dimension 0 = -2/],
      [{ classes: 0 }, /data: classes must be a positive integer, got 0/],
      [{ size: 1.5 }, /data: size must be a non-negative integer, got 1\.5/],
    ] as const) {
      const data = Object.assign(
        {
          gather: () => ({ x0: tf.zeros([1]) }),
          toArray: () => new Float32Array(0),
          size: 64,
          itemShape: [2],
        },
        patch,
      );
      const s = setup({ data: data as Dataset });
      const e = await errorOf(train(s.options));
      expect(e).toBeInstanceOf(DataError);
      expect(e.message).toMatch(message);
      s.dispose();
    }
  });

  it('a batch whose shape is not [B, ...itemShape] names the step and both shapes', async () => {
    const data = new TamperedData(pointData(), (call, b) => {
      if (call !== 2) return b;
      const x0 = tf.reshape(b.x0, [b.x0.shape[0]! * 2]);
      b.x0.dispose();
      return { x0 };
    });
    const s = setup({ data });
    const e = await errorOf(train(s.options));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toMatch(/^data: the batch of step 2 has shape \[16\], expected \[8, 2\]/);
    s.dispose();
  });

  it('a non-finite value in the data is blamed on the data (not reported as a divergence), weights untouched', async () => {
    let afterStep2: number[] = [];
    const data = new TamperedData(pointData(), (call, b) => {
      if (call !== 3) return b;
      const v = b.x0.arraySync() as number[][];
      v[5]![1] = NaN;
      b.x0.dispose();
      return { x0: tf.tensor2d(v) };
    });
    const s = setup({ data, onStep: (p) => p.step === 2 && (afterStep2 = s.network.values()) });
    const tensors = tf.memory().numTensors;
    const e = await errorOf(train(s.options));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toMatch(
      /^data: the batch of step 3 holds a non-finite value \(NaN at example 5, coordinate 1 of the batch\)/,
    );
    expect(s.network.values()).toEqual(afterStep2);
    expect(tf.memory().numTensors).toBe(tensors + 4); // Adam's slots, created in step 1
    s.dispose();
  });
});

describe('train: data too large for float32 arithmetic (issue 20)', () => {
  it('a finite 3e38 in the data is named as the data, not reported as a divergence to fix with the learning rate', async () => {
    const data = new TamperedData(pointData(), (call, b) => {
      if (call !== 2) return b;
      const v = b.x0.arraySync() as number[][];
      v[3]![0] = 3e38;
      b.x0.dispose();
      return { x0: tf.tensor2d(v) };
    });
    const s = setup({ data });
    const e = await errorOf(train(s.options));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toMatch(
      /^data: the batch of step 2 holds 3\.0*\d*e\+38 at example 3, coordinate 0 of the batch, beyond ±1\.84e\+19 \(its square overflows float32\)/,
    );
    expect(e.message).not.toMatch(/learning rate/);
    s.dispose();
  });
});

describe('train: non-finite weights never reach a checkpoint', () => {
  it('weights that became NaN stop training at the checkpoint, naming step and tensor; nothing is saved', async () => {
    const saved: number[] = [];
    const s = setup({
      steps: 8,
      checkpointEvery: 2,
      checkpoint: { save: async (st) => void saved.push(st.step) },
      // Simulates an update that overflowed: the weights are NaN after step 4, a checkpoint step.
      onStep: (p) => p.step === 4 && s.network.variables.get('b')!.assign(tf.tensor1d([1, NaN])),
    });
    const e = await errorOf(train(s.options));
    expect(e).toBeInstanceOf(DivergenceError);
    const d = e as DivergenceError;
    expect(d.step).toBe(4);
    expect(d.tensor).toBe('weights b');
    expect(d.message).toMatch(
      /^training diverged at step 4: weights b is NaN \(the checkpoint was not written/,
    );
    expect(saved).toEqual([2]);
    s.dispose();
  });

  it('an EMA that holds ±Infinity is caught the same way', async () => {
    const saved: number[] = [];
    const s = setup({
      steps: 4,
      checkpointEvery: 2,
      checkpoint: { save: async (st) => void saved.push(st.step) },
    });
    const ema = new Ema(s.network.variables, 0.9);
    const e = await errorOf(
      train({
        ...s.options,
        ema,
        onStep: (p) => p.step === 1 && ema.shadow.get('w')!.assign(tf.tensor1d([-Infinity])),
      }),
    );
    expect(e).toBeInstanceOf(DivergenceError);
    expect((e as DivergenceError).tensor).toBe('EMA weights w');
    expect((e as DivergenceError).value).toBe(-Infinity);
    expect(saved).toEqual([]);
    ema.dispose();
    s.dispose();
  });
});

describe('train: out of memory', () => {
  it('a failed allocation becomes an OutOfMemoryError naming the step and the batch', async () => {
    const data = new TamperedData(pointData(), (call, b) => {
      if (call !== 2) return b;
      b.x0.dispose();
      return { x0: tf.tensor(new Float32Array(2 ** 40)) }; // V8 refuses this allocation
    });
    const s = setup({ data });
    const tensors = tf.memory().numTensors;
    const e = await errorOf(train(s.options));
    expect(e).toBeInstanceOf(OutOfMemoryError);
    expect(e.message).toMatch(
      /^out of memory at training step 2 with a batch of 8 examples of shape \[2\]: Invalid typed array length.*Lower the batch size \(train\.batchSize\)/,
    );
    expect(e.cause).toBeInstanceOf(RangeError);
    expect(tf.memory().numTensors).toBe(tensors + 4);
    s.dispose();
  });

  it('other errors pass through unchanged', async () => {
    const data = new TamperedData(pointData(), () => {
      throw new TypeError('a bug in the data set');
    });
    const s = setup({ data });
    const e = await errorOf(train(s.options));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('a bug in the data set');
    s.dispose();
  });
});

describe('train: huge but finite gradients are clipped, not reported as a divergence', () => {
  it('globalNorm survives float32 overflow of the sum of squares', () => {
    const g = { a: tf.tensor1d([3e20, 0]), b: tf.tensor1d([4e20]) };
    expect(globalNorm(g) / 5e20).toBeCloseTo(1, 5);
    tf.dispose(Object.values(g));
  });

  it('a loss scaled by 1e30 trains with clipping and the weights move by at most lr·clip per step', async () => {
    const s = setup({ optimizer: tf.train.sgd(0.1), gradClipNorm: 1, steps: 3 }, 1e30);
    const norms: number[] = [];
    const before = s.network.values();
    await train({ ...s.options, onStep: (p) => norms.push(p.gradNorm) });
    for (const n of norms) expect(n).toBeGreaterThan(1e29);
    const after = s.network.values();
    const moved = Math.hypot(...after.map((v, i) => v - before[i]!));
    expect(moved).toBeLessThanOrEqual(3 * 0.1 * 1.0001);
    expect(after.every(Number.isFinite)).toBe(true);
    s.dispose();
  });
});
