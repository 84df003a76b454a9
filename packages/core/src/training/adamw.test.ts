import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { resolveConfig } from '../di/create-udm.js';
import { toyModule } from '../test-support/toy-plugin.js';
import { AdamW } from './adamw.js';
import { learningRateFactor, type LearningRateSchedule } from './learning-rate-schedule.js';
import { restoreOptimizer } from './optimizer-state.js';
import { ScheduledSgd } from './scheduled-sgd.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const schedule = (s: Partial<LearningRateSchedule>): LearningRateSchedule => ({
  warmup: 0,
  decay: 'constant',
  minFactor: 0,
  ...s,
});

describe('learningRateFactor', () => {
  it('warms up linearly, then decays by a cosine or a line to minFactor at decaySteps (default: the run length)', () => {
    const cos = schedule({ warmup: 4, decay: 'cosine', minFactor: 0.1 });
    expect([0, 1, 2, 3].map((k) => learningRateFactor(cos, k, 104))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(learningRateFactor(cos, 4, 104)).toBe(1);
    expect(learningRateFactor(cos, 54, 104)).toBeCloseTo(0.1 + 0.9 * 0.5, 12);
    expect(learningRateFactor(cos, 104, 104)).toBeCloseTo(0.1, 12);
    expect(learningRateFactor(cos, 500, 104)).toBeCloseTo(0.1, 12);
    const lin = schedule({ decay: 'linear', decaySteps: 10 });
    expect(learningRateFactor(lin, 5, 1000)).toBeCloseTo(0.5, 12);
    expect(learningRateFactor(lin, 10, 1000)).toBe(0);
    expect(learningRateFactor(schedule({ warmup: 2 }), 7, 10)).toBe(1);
  });
});

/** minimise ½‖W·x − y‖² over a 2×3 matrix W and a bias b (step-dependent targets). */
function problem() {
  const W = tf.variable(tf.tensor2d([0.3, -0.2, 0.1, 0.5, 0.4, -0.6], [2, 3]));
  const b = tf.variable(tf.tensor1d([0.2, -0.1]));
  const x = tf.tensor2d([1, 2, -1, 0.5, 0, 3], [3, 2]);
  const loss = (k: number) => () =>
    tf.sum(tf.square(tf.sub(tf.add(tf.matMul(W, x), tf.expandDims(b, 1)), 1 + 0.1 * k))) as tf.Scalar;
  return { W, b, loss, dispose: () => tf.dispose([W, b, x]) };
}

describe('AdamW', () => {
  it('with λ = 0 and a constant rate is tfjs Adam, bit for bit', () => {
    const p = problem();
    const q = problem();
    const a = tf.train.adam(0.05, 0.9, 0.999, 1e-8);
    const w = new AdamW(() => 0.05, 0, 0.9, 0.999, 1e-8);
    for (let k = 0; k < 5; k++) {
      a.minimize(p.loss(k));
      w.minimize(q.loss(k));
    }
    expect(Array.from(q.W.dataSync())).toEqual(Array.from(p.W.dataSync()));
    a.dispose();
    w.dispose();
    p.dispose();
    q.dispose();
  });

  it('shrinks matrices by 1 − η_k·λ before the Adam update (decoupled), leaves biases alone, η_k from the step count', () => {
    const p = problem();
    const q = problem();
    const rates = [0.01, 0.02, 0.03];
    const adam = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
    const w = new AdamW((k) => rates[k]!, 0.5, 0.9, 0.999, 1e-8);
    for (let k = 0; k < 3; k++) {
      // Reference: decay by hand, then Adam at η_k (its moments see the same gradients).
      (adam as unknown as { learningRate: number }).learningRate = rates[k]!;
      const g = tf.variableGrads(p.loss(k), [p.W, p.b]);
      p.W.assign(tf.mul(p.W, 1 - rates[k]! * 0.5));
      adam.applyGradients(g.grads as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
      tf.dispose([g.value, ...Object.values(g.grads)]);
      w.minimize(q.loss(k));
    }
    const max = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    expect(max(q.W, p.W)).toBeLessThan(1e-6);
    expect(max(q.b, p.b)).toBeLessThan(1e-6);
    expect(w.iterations).toBe(3);
    adam.dispose();
    w.dispose();
    p.dispose();
    q.dispose();
  });

  it('restored from getWeights() continues the schedule and moments exactly; no tensors leak', async () => {
    const rate = (k: number) => 0.05 * learningRateFactor(schedule({ warmup: 2, decay: 'cosine' }), k, 8);
    const p = problem();
    const a = new AdamW(rate, 0.1, 0.9, 0.999, 1e-8);
    for (let k = 0; k < 8; k++) a.minimize(p.loss(k));
    const q = problem();
    const b1 = new AdamW(rate, 0.1, 0.9, 0.999, 1e-8);
    for (let k = 0; k < 4; k++) b1.minimize(q.loss(k));
    const saved = (await b1.getWeights()).map((x) => ({ name: x.name, tensor: tf.clone(x.tensor) }));
    b1.dispose();
    const before = tf.memory().numTensors;
    const b2 = new AdamW(rate, 0.1, 0.9, 0.999, 1e-8);
    await restoreOptimizer(b2, saved);
    for (let k = 4; k < 8; k++) b2.minimize(q.loss(k));
    expect(Array.from(q.W.dataSync())).toEqual(Array.from(p.W.dataSync()));
    expect(Array.from(q.b.dataSync())).toEqual(Array.from(p.b.dataSync()));
    tf.dispose(saved.map((s) => s.tensor));
    b2.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    a.dispose();
    p.dispose();
    q.dispose();
  });

  it('ScheduledSgd steps with η_k', () => {
    const v = tf.variable(tf.scalar(1));
    const o = new ScheduledSgd((k) => [0.1, 0.2][k]!);
    o.minimize(() => tf.mul(v, 1) as tf.Scalar); // dL/dv = 1
    o.minimize(() => tf.mul(v, 1) as tf.Scalar);
    expect(v.dataSync()[0]).toBeCloseTo(1 - 0.1 - 0.2, 6);
    o.dispose();
    v.dispose();
  });
});

describe('optimizer config', () => {
  const raw = (optimizer: unknown) => ({
    data: { kind: 'toy-points', n: 8, center: [0, 0] },
    process: { kind: 'toy-linear' },
    network: { kind: 'toy-affine' },
    posterior: { kind: 'toy-x0' },
    train: { optimizer },
    sample: { step: { kind: 'interpolated-noise', sigmaTilde: 0.5 } },
  });
  it('fills the schedule’s defaults and names the bad field', () => {
    const c = resolveConfig(raw({ kind: 'adamw', schedule: { warmup: 10 } }), [toyModule]);
    expect(c.train.optimizer).toEqual({
      kind: 'adamw',
      learningRate: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0.01,
      schedule: { warmup: 10, decay: 'constant', minFactor: 0 },
    });
    expect(resolveConfig(raw({ kind: 'adam' }), [toyModule]).train.optimizer).not.toHaveProperty('schedule');
    const bad = () => resolveConfig(raw({ kind: 'adamw', schedule: { decay: 'exp' } }), [toyModule]);
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/train\.optimizer\.schedule\.decay/);
    expect(() => resolveConfig(raw({ kind: 'adamw', weightDecay: -1 }), [toyModule])).toThrow(
      /train\.optimizer\.weightDecay/,
    );
  });
});
