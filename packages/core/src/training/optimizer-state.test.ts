import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { float32Power, optimizerSlotOrder, restoreOptimizer } from './optimizer-state.js';
import type { NamedTensor } from './training-state.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Adam's private running powers β₁^(k+1), β₂^(k+1), read from the tfjs object. */
function powers(o: tf.Optimizer): [number, number] {
  const a = o as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  return [a.accBeta1.dataSync()[0]!, a.accBeta2.dataSync()[0]!];
}

/** A small least-squares problem: minimise ‖A·w − b‖² over w ∈ R⁴, one Adam step per call. */
function problem() {
  const w = tf.variable(tf.tensor1d([0.3, -0.2, 0.1, 0.5]));
  const a = tf.tensor2d([1, 2, 0, -1, 0.5, -1, 3, 2, -2, 0.25, 1, 1], [3, 4]);
  const b = tf.tensor2d([[1], [-2], [0.5]]);
  const step = (o: tf.Optimizer, k: number): void => {
    // A step-dependent target makes every step's gradient different.
    o.minimize(() => tf.sum(tf.square(tf.sub(tf.matMul(a, tf.reshape(w, [4, 1])), tf.mul(b, 1 + 0.01 * k)))));
  };
  return { w, step, dispose: () => tf.dispose([w, a, b]) };
}

async function snapshot(o: tf.Optimizer): Promise<NamedTensor[]> {
  return (await o.getWeights()).map((x) => ({ name: x.name, tensor: tf.clone(x.tensor) }));
}

describe('float32Power', () => {
  it('equals the running powers tfjs’s Adam reaches step by step, for k = 1…60', () => {
    const p = problem();
    const o = tf.train.adam(0.01, 0.9, 0.999);
    for (let k = 0; k <= 60; k++) {
      const [b1, b2] = powers(o);
      expect(b1).toBe(float32Power(0.9, k + 1));
      expect(b2).toBe(float32Power(0.999, k + 1));
      p.step(o, k);
    }
    o.dispose();
    p.dispose();
  });

  it('is β in float32 for k = 1, and differs from a correctly rounded power for some k (why it exists)', () => {
    expect(float32Power(0.999, 1)).toBe(Math.fround(0.999));
    const differs = Array.from({ length: 50 }, (_, i) => i + 2).filter(
      (k) => float32Power(0.999, k) !== Math.fround(Math.fround(0.999) ** k),
    );
    expect(differs.length).toBeGreaterThan(0);
  });
});

describe('restoreOptimizer', () => {
  const resumed = async (split: number, total: number, restore: typeof restoreOptimizer) => {
    const straight = problem();
    const a = tf.train.adam(0.05, 0.9, 0.999);
    let saved: { w: tf.Tensor; slots: NamedTensor[] } | undefined;
    for (let k = 0; k < total; k++) {
      if (k === split) saved = { w: tf.clone(straight.w), slots: await snapshot(a) };
      straight.step(a, k);
    }
    const resumedRun = problem();
    resumedRun.w.assign(saved!.w as tf.Tensor1D);
    const b = tf.train.adam(0.05, 0.9, 0.999);
    await restore(b, saved!.slots);
    for (let k = split; k < total; k++) resumedRun.step(b, k);
    const out = {
      straight: Array.from(straight.w.dataSync()),
      resumed: Array.from(resumedRun.w.dataSync()),
      powers: [powers(a), powers(b)],
    };
    tf.dispose([saved!.w, ...saved!.slots.map((s) => s.tensor)]);
    a.dispose();
    b.dispose();
    straight.dispose();
    resumedRun.dispose();
    return out;
  };

  it('continues Adam bit for bit: 2N steps straight equal N steps + restore + N steps', async () => {
    for (const split of [1, 7, 20, 33]) {
      const r = await resumed(split, 60, restoreOptimizer);
      expect(r.powers[1]).toEqual(r.powers[0]);
      expect(r.resumed).toEqual(r.straight);
    }
  });

  it('plain setWeights does not (tfjs recomputes the powers with pow), which is what restoreOptimizer fixes', async () => {
    const plain = (o: tf.Optimizer, w: NamedTensor[]) => o.setWeights(w);
    const results = await Promise.all([20, 33].map((split) => resumed(split, 60, plain)));
    expect(results.some((r) => r.powers[1]![1] !== r.powers[0]![1])).toBe(true);
    expect(results.some((r) => r.resumed.some((v, i) => v !== r.straight[i]))).toBe(true);
  });

  it('leaves optimizers without running powers (SGD) to setWeights, and leaks no tensors', async () => {
    const o = tf.train.sgd(0.1);
    const p = problem();
    p.step(o, 0);
    const w = await snapshot(o);
    const before = tf.memory().numTensors;
    const o2 = tf.train.sgd(0.1);
    await restoreOptimizer(o2, w);
    expect(o2.iterations).toBe(1);
    o2.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 1); // + the iteration counter tfjs keeps
    tf.dispose(w.map((x) => x.tensor));
    o.dispose();
    p.dispose();
  });
});

describe('optimizerSlotOrder', () => {
  it('gives the order of Adam’s slots even when a network lists its variables in another order', async () => {
    const first = tf.variable(tf.zeros([3])); // created first: the lower id
    const second = tf.variable(tf.zeros([2, 5]));
    const listed = new Map([
      ['b', second],
      ['a', first],
    ]);
    const o: tf.Optimizer = tf.train.adam(0.01);
    const grads = tf.variableGrads(() => tf.add(tf.sum(first), tf.sum(second)), [...listed.values()]);
    o.applyGradients(grads.grads);
    const slots = await o.getWeights(); // iterations, then m for each variable, then v for each
    const order = optimizerSlotOrder(listed.values());
    expect(order).toEqual([first, second]);
    expect(slots.slice(1).map((s) => s.tensor.shape)).toEqual([...order, ...order].map((v) => v.shape));
    tf.dispose([first, second, grads.value, ...Object.values(grads.grads)]);
    o.dispose();
  });
});

describe('a crafted iteration count (a checkpoint is untrusted input)', () => {
  it('float32Power takes bounded time for any k, and refuses a k that is not a positive integer', () => {
    // Before, these looped k − 1 times: 2^31 − 1 took ~13 s and +∞ never ended.
    // the step-by-step product reaches a fixed point (a subnormal float32) long before: every later k gives it
    expect(float32Power(0.9, 2 ** 31 - 1)).toBe(float32Power(0.9, 10_000));
    expect(float32Power(0.999, Number.MAX_SAFE_INTEGER)).toBe(float32Power(0.999, 1_000_000));
    expect(float32Power(0.999999, 5_000_000)).toBe(
      Math.fround(float32Power(0.999999, 1_000_000) * Math.fround(0.999999) ** 4_000_000),
    );
    for (const k of [Infinity, NaN, 0, -3, 2.5])
      expect(() => float32Power(0.9, k)).toThrow(/k: expected a positive integer/);
  }, 5_000);

  it('restoreOptimizer refuses an iteration count that is not an integer in 0…the step, before changing anything', async () => {
    const p = problem();
    const o = tf.train.adam(0.01);
    for (let k = 0; k < 3; k++) p.step(o, k);
    const w = await snapshot(o);
    for (const bad of [Infinity, NaN, -1, 2.5, 4, 2 ** 31 - 1]) {
      const o2 = tf.train.adam(0.01);
      const weights = [{ name: w[0]!.name, tensor: tf.scalar(bad) }, ...w.slice(1)];
      await expect(restoreOptimizer(o2, weights, 3)).rejects.toThrow(
        /optimizer iteration count: expected an integer in 0…3 \(the checkpoint's step\), got/,
      );
      expect(o2.iterations).toBe(0);
      weights[0]!.tensor.dispose();
      o2.dispose();
    }
    const ok = tf.train.adam(0.01);
    await restoreOptimizer(ok, w, 3);
    expect(ok.iterations).toBe(3);
    ok.dispose();
    tf.dispose(w.map((x) => x.tensor));
    o.dispose();
    p.dispose();
  }, 10_000);
});
