import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeOrThrow, SeededRng } from '@udm/core';
import { RectifiedFlowProcess } from '../process/rectified-flow-process.js';
import { VeProcess } from '../process/ve-process.js';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { epsilonParameterization } from '../parameterization/epsilon.js';
import { ImportanceTime } from './importance-time.js';
import { TrainingObjective } from './training-objective.js';
import { timeDistributionRegistry } from './time-distribution-contributions.js';

await tf.setBackend('cpu');
await tf.ready();

const vp = new VpProcess(alphasCumprod(new LinearSchedule().betas(100)));

function meanStd(v: Float64Array): [number, number] {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length)];
}

const create = (cfg: object, process = vp as never) =>
  timeDistributionRegistry.create(decodeOrThrow(timeDistributionRegistry.codec(), cfg), { process });

describe('each p_time has its defining property', () => {
  it('uniform is the process domain’s own draw (same stream), discrete and continuous', () => {
    const rf = new RectifiedFlowProcess(0, 1);
    for (const p of [vp, rf]) {
      const a = create({ kind: 'uniform' }, p as never).sample(64, new SeededRng(1));
      const b = p.time.sample(64, new SeededRng(1));
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    const d = create({ kind: 'uniform' }).sample(20000, new SeededRng(2));
    expect(d.every((t) => Number.isInteger(t) && t >= 0 && t < 100)).toBe(true);
    expect(meanStd(d)[0]).toBeCloseTo(49.5, 0);
  });

  it('log-normal: ln(σ_t/α_t) of the drawn times has mean P_mean and std P_std (EDM)', () => {
    const ve = new VeProcess(0.002, 80);
    const t = create({ kind: 'log-normal', mean: -1.2, std: 1.2 }, ve as never).sample(
      20000,
      new SeededRng(3),
    );
    const [m, s] = meanStd(t.map((v) => Math.log(ve.sigma(v))));
    expect(Math.abs(m + 1.2)).toBeLessThan(0.04);
    expect(Math.abs(s - 1.2)).toBeLessThan(0.04);
  });

  it('logit-normal: logit(t) has mean m and std s (rectified-flow training)', () => {
    const rf = new RectifiedFlowProcess(0, 1);
    const t = create({ kind: 'logit-normal', mean: 0.5, std: 0.8 }, rf as never).sample(
      20000,
      new SeededRng(4),
    );
    const [m, s] = meanStd(t.map((v) => Math.log(v / (1 - v))));
    expect(Math.abs(m - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(s - 0.8)).toBeLessThan(0.03);
    const d = create({ kind: 'logit-normal' }).sample(1000, new SeededRng(5));
    expect(d.every((v) => Number.isInteger(v) && v >= 0 && v <= 99)).toBe(true);
  });

  it('importance: uniform until warmed up, then p_t ∝ √E[L_t²], and the corrected loss stays unbiased', () => {
    const imp = new ImportanceTime(vp.time, 3, 0.001);
    const L = (t: number) => 1 + t;
    const all = Float64Array.from({ length: 100 }, (_, i) => i);
    for (let k = 0; k < 2; k++) imp.observe(all, all.map(L));
    expect(imp.warmedUp).toBe(false);
    expect(Array.from(imp.correction(all)).every((c) => c === 1)).toBe(true);
    imp.observe(all, all.map(L));
    expect(imp.warmedUp).toBe(true);
    const p = imp.probabilities();
    const total = all.reduce((a, t) => a + L(t), 0);
    all.forEach((t) => expect(p[t]).toBeCloseTo(0.999 * (L(t) / total) + 0.001 / 100, 10));
    // E_{t∼p}[L_t/(T·p_t)] = (1/T)·Σ L_t, the uniform-time objective.
    const c = imp.correction(all);
    expect(all.reduce((a, t) => a + p[t]! * c[t]! * L(t), 0)).toBeCloseTo(total / 100, 8);
    // Empirical frequencies follow p.
    const draws = imp.sample(50000, new SeededRng(6));
    const hi = draws.filter((t) => t >= 50).length / draws.length;
    const pHi = p.slice(50).reduce((a, b) => a + b, 0);
    expect(Math.abs(hi - pHi)).toBeLessThan(0.01);
  });

  it('importance through the objective: observes the recorded ω·MSE per sample and multiplies the loss by 1/(T·p_t)', () => {
    const imp = new ImportanceTime(vp.time, 1, 0);
    const objective = new TrainingObjective(epsilonParameterization, vp, imp);
    const all = Float64Array.from({ length: 100 }, (_, i) => i);
    const before = tf.memory().numTensors;
    const sq = tf.tidy(() =>
      tf.mul(
        tf.ones([100, 2]),
        tf.tensor2d(
          Float32Array.from(all, (t) => t + 1),
          [100, 1],
        ),
      ),
    );
    // A loss that is not a training step's (no `record`) teaches p_time nothing.
    objective.loss(sq, all).dispose();
    expect(imp.warmedUp).toBe(false);
    objective.loss(sq, all, { record: true }).dispose();
    expect(imp.warmedUp).toBe(true);
    const p = imp.probabilities();
    expect(p[99]! / p[0]!).toBeCloseTo(100, 6);
    const loss = objective.loss(sq, all);
    expect(loss.dataSync()[0]).toBeCloseTo(all.reduce((a, t) => a + (t + 1) / (100 * p[t]!), 0) / 100, 2);
    tf.dispose([loss, sq]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('importance needs discrete time; bad fields are named', () => {
    expect(() => create({ kind: 'importance' }, new RectifiedFlowProcess(0, 1) as never)).toThrow(
      /discrete-time/,
    );
    expect(JSON.stringify(timeDistributionRegistry.codec().decode({ kind: 'log-normal', std: 0 }))).toMatch(
      /std/,
    );
  });
});
