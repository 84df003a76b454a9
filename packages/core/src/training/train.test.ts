import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AffineNet, LinearProcess } from '../test-support/toy-plugin.js';
import type { ForwardSample } from '../contracts/forward-sample.js';
import type { Network } from '../contracts/network.js';
import type { PosteriorModel } from '../contracts/posterior-model.js';
import { ArrayDataset } from '../data/array-dataset.js';
import { SeededRng } from '../random/seeded-rng.js';
import { DivergenceError } from './divergence-error.js';
import { Ema } from './ema.js';
import { train, type TrainOptions, type TrainProgress } from './train.js';
import type { TrainingState } from './training-state.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Predicts x0 directly; loss = mean((NN(x_t) − x0)²). `corrupt(call, loss)` may replace the loss of a call. */
class X0Posterior implements PosteriorModel {
  calls = 0;
  constructor(
    readonly network: AffineNet,
    private readonly corrupt?: (call: number, loss: tf.Scalar) => tf.Scalar,
  ) {}
  predict(xt: tf.Tensor) {
    return { x0: this.network.apply(xt) };
  }
  loss(sample: ForwardSample): tf.Scalar {
    this.calls++;
    const l = tf.mean(tf.square(tf.sub(this.network.apply(sample.xt), sample.x0))) as tf.Scalar;
    return this.corrupt ? this.corrupt(this.calls, l) : l;
  }
}

/** 64 copies of the point (2, −1): the optimum is w = 0, b = (2, −1), with loss 0. */
function pointData(): ArrayDataset {
  const v = new Float32Array(128);
  for (let i = 0; i < 64; i++) v.set([2, -1], 2 * i);
  return new ArrayDataset(v, [2]);
}

function setup(
  options: Partial<TrainOptions> & {
    corrupt?: (call: number, loss: tf.Scalar) => tf.Scalar;
    lr?: number;
  } = {},
) {
  const network = new AffineNet(0, 2);
  const posterior = new X0Posterior(network, options.corrupt);
  const optimizer = options.optimizer ?? tf.train.adam(options.lr ?? 0.05);
  const base: TrainOptions = {
    process: new LinearProcess(1),
    posterior,
    data: pointData(),
    optimizer,
    rng: new SeededRng(1),
    batchSize: 16,
    steps: 10,
    ...options,
  };
  return {
    network,
    posterior,
    optimizer,
    base,
    dispose: () => {
      network.dispose();
      optimizer.dispose();
    },
  };
}

function weights(net: Network): Record<string, number[]> {
  return Object.fromEntries([...net.variables].map(([k, v]) => [k, Array.from(v.dataSync())]));
}

describe('train', () => {
  it('runs the steps, calls onStep once per step, and the loss falls on a learnable task', async () => {
    const s = setup();
    const progress: TrainProgress[] = [];
    const summary = await train({ ...s.base, steps: 300, onStep: (p) => progress.push(p) });
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    for (const p of progress) {
      expect(p.totalSteps).toBe(300);
      expect(Number.isFinite(p.loss)).toBe(true);
      expect(p.gradNorm).toBeGreaterThanOrEqual(0);
      expect(p.stepsPerSecond).toBeGreaterThan(0);
    }
    // At w = 0, b = 0 the first loss is mean(x0²) = (4 + 1)/2 = 2.5.
    expect(progress[0]!.loss).toBeCloseTo(2.5, 5);
    const last = progress.slice(-10).reduce((a, p) => a + p.loss, 0) / 10;
    expect(last).toBeLessThan(0.05 * 2.5);
    expect(summary.step).toBe(300);
    expect(summary.stopped).toBe(false);
    expect(summary.lastLoss).toBe(progress.at(-1)!.loss);
    expect(summary.meanLoss).toBeCloseTo(progress.reduce((a, p) => a + p.loss, 0) / 300, 10);
    s.dispose();
  });

  it('is reproducible for the same rng seed', async () => {
    const run = async (seed: number) => {
      const s = setup({ rng: new SeededRng(seed) });
      await train(s.base);
      const w = weights(s.network);
      s.dispose();
      return w;
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(7)).not.toEqual(await run(8));
  });

  it('resumes from startStep: only the remaining steps run', async () => {
    const s = setup();
    const steps: number[] = [];
    const summary = await train({ ...s.base, startStep: 5, steps: 8, onStep: (p) => steps.push(p.step) });
    expect(steps).toEqual([6, 7, 8]);
    expect(summary.step).toBe(8);
    expect(s.posterior.calls).toBe(3);
    // Already done: nothing runs.
    const none = await train({ ...s.base, startStep: 8, steps: 8 });
    expect(none.step).toBe(8);
    expect(none.meanLoss).toBeNaN();
    expect(s.posterior.calls).toBe(3);
    s.dispose();
  });

  it('a loss that becomes NaN at step 3 throws DivergenceError naming step 3 and the loss; weights stay as after step 2', async () => {
    const s = setup({ corrupt: (call, l) => (call === 3 ? (tf.mul(l, NaN) as tf.Scalar) : l) });
    const ema = new Ema(s.network.variables, 0.9);
    let afterStep2: Record<string, number[]> = {};
    let emaAfterStep2: Record<string, number[]> = {};
    const seen: number[] = [];
    let error: unknown;
    try {
      await train({
        ...s.base,
        ema,
        onStep: (p) => {
          seen.push(p.step);
          if (p.step === 2) {
            afterStep2 = weights(s.network);
            emaAfterStep2 = Object.fromEntries(
              [...ema.shadow].map(([k, v]) => [k, Array.from(v.dataSync())]),
            );
          }
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    const d = error as DivergenceError;
    expect(d.step).toBe(3);
    expect(d.tensor).toBe('loss');
    expect(d.value).toBeNaN();
    expect(d.message).toMatch(/step 3/);
    expect(d.message).toMatch(/loss is NaN/);
    expect(d.name).toBe('DivergenceError');
    expect(seen).toEqual([1, 2]);
    expect(weights(s.network)).toEqual(afterStep2);
    expect(Object.fromEntries([...ema.shadow].map(([k, v]) => [k, Array.from(v.dataSync())]))).toEqual(
      emaAfterStep2,
    );
    expect(ema.count).toBe(2);
    // Weights did move in steps 1–2 (so the comparison above is meaningful).
    expect(afterStep2['b']).not.toEqual([0, 0]);
    ema.dispose();
    s.dispose();
  });

  it('an infinite loss is reported with its value', async () => {
    const s = setup({ corrupt: (call, l) => (call === 1 ? (tf.add(l, Infinity) as tf.Scalar) : l) });
    await expect(train(s.base)).rejects.toMatchObject({
      name: 'DivergenceError',
      step: 1,
      tensor: 'loss',
      value: Infinity,
    });
    s.dispose();
  });

  it('a non-finite gradient with a finite loss names the gradient', async () => {
    // d/dw √(w²) at w = 0 is 0/0 = NaN, while the loss itself is 0.
    const s = setup({
      corrupt: (_call, l) =>
        tf.add(tf.mul(l, 0), tf.sum(tf.sqrt(tf.square(s.network.variables.get('w')!)))) as tf.Scalar,
    });
    const before = weights(s.network);
    let error: unknown;
    try {
      await train(s.base);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    const d = error as DivergenceError;
    expect(d.step).toBe(1);
    expect(d.tensor).toBe(`gradient of ${s.network.variables.get('w')!.name}`);
    expect(weights(s.network)).toEqual(before);
    s.dispose();
  });

  it('calls the checkpoint sink every N steps with the right step numbers, and at the end', async () => {
    const s = setup({ steps: 10, checkpointEvery: 3 });
    const losses: number[] = [];
    const saved: Array<{ step: number; loss: number; optimizerNames: string[]; w: number[] }> = [];
    await train({
      ...s.base,
      onStep: (p) => losses.push(p.loss),
      checkpoint: {
        save: async (state: TrainingState) => {
          saved.push({
            step: state.step,
            loss: state.loss,
            optimizerNames: state.optimizer.map((w) => w.name),
            w: Array.from(state.params.get('b')!.dataSync()),
          });
        },
      },
    });
    expect(saved.map((c) => c.step)).toEqual([3, 6, 9, 10]);
    // Each checkpoint's loss is the mean since the previous one.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(saved[0]!.loss).toBeCloseTo(mean(losses.slice(0, 3)), 10);
    expect(saved[1]!.loss).toBeCloseTo(mean(losses.slice(3, 6)), 10);
    expect(saved[2]!.loss).toBeCloseTo(mean(losses.slice(6, 9)), 10);
    expect(saved[3]!.loss).toBeCloseTo(losses[9]!, 10);
    // Adam's state: the iteration count and a first and second moment per variable.
    expect(saved[0]!.optimizerNames).toHaveLength(5);
    expect(saved[0]!.optimizerNames[0]).toBe('iter');
    // The params handed over are the live weights at that step.
    expect(saved[3]!.w).toEqual(Array.from(s.network.variables.get('b')!.dataSync()));
    s.dispose();
  });

  it('does not write a final checkpoint twice when the last step is a multiple of N', async () => {
    const s = setup({ steps: 6, checkpointEvery: 3 });
    const steps: number[] = [];
    await train({ ...s.base, checkpoint: { save: async (st) => void steps.push(st.step) } });
    expect(steps).toEqual([3, 6]);
    s.dispose();
  });

  it('stops cleanly when the signal is aborted, writing a checkpoint', async () => {
    const controller = new AbortController();
    const s = setup({ steps: 100, checkpointEvery: 50, signal: controller.signal });
    const saved: number[] = [];
    const summary = await train({
      ...s.base,
      onStep: (p) => {
        if (p.step === 4) controller.abort();
      },
      checkpoint: { save: async (st) => void saved.push(st.step) },
    });
    expect(summary.stopped).toBe(true);
    expect(summary.step).toBe(4);
    expect(saved).toEqual([4]);
    s.dispose();
  });

  it('gradClipNorm bounds each SGD update by lr·maxNorm', async () => {
    const lr = 0.1;
    const maxNorm = 0.01;
    const s = setup({ optimizer: tf.train.sgd(lr), steps: 1, gradClipNorm: maxNorm });
    const before = weights(s.network);
    let gradNorm = NaN;
    await train({ ...s.base, onStep: (p) => (gradNorm = p.gradNorm) });
    expect(gradNorm).toBeGreaterThan(maxNorm); // the clip was active
    const after = weights(s.network);
    const delta = Math.hypot(...['w', 'b'].flatMap((k) => after[k]!.map((v, i) => v - before[k]![i]!)));
    expect(delta).toBeCloseTo(lr * maxNorm, 6);
    s.dispose();
  });

  it('without clipping the SGD update is lr·‖g‖', async () => {
    const lr = 0.1;
    const s = setup({ optimizer: tf.train.sgd(lr), steps: 1 });
    const before = weights(s.network);
    let gradNorm = NaN;
    await train({ ...s.base, onStep: (p) => (gradNorm = p.gradNorm) });
    const after = weights(s.network);
    const delta = Math.hypot(...['w', 'b'].flatMap((k) => after[k]!.map((v, i) => v - before[k]![i]!)));
    expect(delta).toBeCloseTo(lr * gradNorm, 5);
    s.dispose();
  });

  it('does not grow tf.memory().numTensors across 100 steps (measured after step 1)', async () => {
    const s = setup({ steps: 1 });
    const ema = new Ema(s.network.variables, 0.99);
    const sink = { save: async () => {} };
    const opts = { ...s.base, ema, gradClipNorm: 0.1, checkpointEvery: 7, checkpoint: sink };
    await train(opts);
    const after1 = tf.memory().numTensors;
    const summary = await train({ ...opts, startStep: 1, steps: 101 });
    expect(summary.step).toBe(101);
    expect(tf.memory().numTensors).toBe(after1);
    ema.dispose();
    s.dispose();
  });

  it('does not leak when it diverges', async () => {
    const s = setup({ corrupt: (call, l) => (call === 3 ? (tf.mul(l, NaN) as tf.Scalar) : l) });
    await train({ ...s.base, steps: 1 });
    const after1 = tf.memory().numTensors;
    await expect(train({ ...s.base, startStep: 1 })).rejects.toBeInstanceOf(DivergenceError);
    expect(tf.memory().numTensors).toBe(after1);
    s.dispose();
  });
});
