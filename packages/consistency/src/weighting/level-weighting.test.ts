import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  contribution,
  createUdm,
  definePlugin,
  literal,
  required,
  SeededRng,
  struct,
  type Udm,
} from '@udm/core';
import { CosineAlphaBar, gaussianModule, VpContinuousProcess } from '@udm/gaussian';
import { GaussianMixtureOracle, tinyTestModule } from '@udm/testing';
import { CONSISTENCY_CHOICES } from '../consistency-choices.js';
import { consistencyModule } from '../consistency-module.js';
import { l2Distance } from '../distance/consistency-distance.js';
import { consistencyFunctionOf } from '../objective/consistency-function-of.js';
import { consistencyTraining } from '../objective/consistency-training.js';
import { drawConsistencyPair } from '../objective/consistency-pairs.js';
import { boundarySigma } from '../parameterization/boundary-sigma.js';
import { consistencySigmas } from '../schedule/consistency-sigmas.js';
import { consistencyTeacher, consistencyTeacherModule } from '../teacher/consistency-teacher.js';
import type { LevelWeighting } from './level-weighting.js';
import { inverseGapWeights, levelWeightingRegistry } from './level-weighting-contributions.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const process = new VpContinuousProcess(new CosineAlphaBar());
const base = [gaussianModule, consistencyModule, tinyTestModule({ itemShape: [2] })];
const ct = { kind: 'consistency-training', mu0: 0, s0: 10, s1: 10, scheduleSteps: 1 };
function config(objective: object) {
  return {
    seed: 3,
    data: { kind: 'tiny' },
    process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
    network: { kind: 'affine' },
    posterior: { kind: 'consistency' },
    train: { steps: 2, batchSize: 8, ema: 0, objective },
    sample: {
      step: { kind: 'ddim' },
      sampler: { kind: 'consistency' },
      grid: { kind: 'linspace' },
      steps: 1,
    },
  };
}
const made: Udm[] = [];
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});
function make(objective: object, modules = base): Udm {
  const u = createUdm(config(objective), modules);
  made.push(u);
  return u;
}
/** The loss and its gradients at a seed, as plain numbers. */
function lossAndGrads(udm: Udm, x0: tf.Tensor, seed: number) {
  const { value, grads } = tf.variableGrads(
    () => udm.objective.loss({ x0 }, new SeededRng(seed)),
    [...udm.network.variables.values()],
  );
  const out = {
    loss: value.dataSync()[0]!,
    grads: Object.values(grads).flatMap((g) => Array.from(g.dataSync())),
  };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe('level weighting λ(σ_n, σ_{n+1})', () => {
  it('inverse-gap is 1/(σ_{n+1} − σ_n) exactly; constant is its value', () => {
    const ict = levelWeightingRegistry.create({ kind: 'inverse-gap' }, { process });
    expect(Array.from(ict.weights(Float64Array.of(2.5, 80, 0.75), Float64Array.of(0.5, 40, 0.5)))).toEqual([
      0.5, 0.025, 4,
    ]);
    // On adjacent Karras levels (N = 10 on [σ_min, 80]) the gaps grow with σ: λ falls.
    const sigmas = consistencySigmas(10, boundarySigma(process), 80);
    const w = inverseGapWeights(sigmas.subarray(1), sigmas.subarray(0, 9));
    w.forEach((v, i) => expect(v).toBe(1 / (sigmas[i + 1]! - sigmas[i]!)));
    for (let i = 1; i < w.length; i++) expect(w[i]).toBeLessThan(w[i - 1]!);
    const three = { kind: 'constant', value: 3 };
    const c = levelWeightingRegistry.create(three, { process });
    expect(Array.from(c.weights(Float64Array.of(2, 1), Float64Array.of(1, 0.5)))).toEqual([3, 3]);
  });

  it('consistency-training: the loss is mean λ_i·d_i of the drawn pairs; with one sample loss and ∇ scale by λ', () => {
    const plain = make(ct);
    const ict = make({ ...ct, weighting: { kind: 'inverse-gap' } });
    expect(plain.config.train.objective).toMatchObject({ weighting: { kind: 'constant', value: 1 } });
    // The same initial weights (the same seed) in both models.
    const x1 = tf.tensor2d([[0.4, -0.9]]);
    const sigmas = consistencySigmas(10, boundarySigma(process), 80);
    const pair = drawConsistencyPair(sigmas, [1, 2], new SeededRng(7));
    pair.z.dispose();
    const lambda = 1 / (pair.from[0]! - pair.to[0]!);
    expect(lambda).not.toBeCloseTo(1, 1);
    const a = lossAndGrads(plain, x1, 7);
    const b = lossAndGrads(ict, x1, 7);
    expect(b.loss / a.loss).toBeCloseTo(lambda, 4);
    expect(a.grads.some((g) => Math.abs(g) > 1e-6)).toBe(true);
    b.grads.forEach((g, i) => expect(g).toBeCloseTo(lambda * a.grads[i]!, 4));
    // A batch: mean over samples of λ_i·d_i, by hand with the same draws.
    const x0 = tf.tensor2d([0.3, -0.2, 1.1, 0.4, -0.7, 0.9, 0.05, -1.2], [4, 2]);
    const before = tf.memory().numTensors;
    const ours = ict.objective.loss({ x0 }, new SeededRng(5));
    const value = ours.dataSync()[0]!;
    ours.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const p = drawConsistencyPair(sigmas, [4, 2], new SeededRng(5));
    const f = consistencyFunctionOf(process, ict.posterior, 'test');
    const noisy = (s: Float64Array) => tf.add(x0, tf.mul(p.z, tf.tensor2d(Array.from(s, (v) => [v]))));
    const d = l2Distance.distance(f(noisy(p.from), p.from), f(noisy(p.to), p.to)).dataSync();
    const hand = Array.from(d).reduce((acc, di, i) => acc + di / (p.from[i]! - p.to[i]!), 0) / 4;
    expect(value).toBeCloseTo(hand, 5);
    tf.dispose([x0, x1, p.z]);
  });

  it('the default λ ≡ 1 leaves the loss and its gradients as they were, to the bit', () => {
    const udm = make(ct);
    const x0 = tf.tensor2d([0.3, -0.2, 1.1, 0.4, -0.7, 0.9, 0.05, -1.2], [4, 2]);
    const unweighted = consistencyTraining({
      process,
      posterior: udm.posterior,
      distance: l2Distance,
      sigmaMax: 80,
      rho: 7,
      s0: 10,
      s1: 10,
      scheduleSteps: 1,
      mu0: 0,
    });
    const vars = [...udm.network.variables.values()];
    const run = (loss: () => tf.Scalar) => {
      const { value, grads } = tf.variableGrads(loss, vars);
      const out = [value.dataSync()[0]!, ...Object.values(grads).flatMap((g) => Array.from(g.dataSync()))];
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };
    expect(run(() => udm.objective.loss({ x0 }, new SeededRng(9)))).toEqual(
      run(() => unweighted.loss({ x0 }, new SeededRng(9))),
    );
    unweighted.dispose?.();
    x0.dispose();
  });

  it('consistency-distillation: with one sample the loss scales by 1/(σ_{n+1} − σ_n)', () => {
    const oracle = new GaussianMixtureOracle(process, [{ weight: 1, mean: [0.2, -0.1], std: 0.3 }]);
    const teacher = consistencyTeacherModule(consistencyTeacher({ process, predictor: oracle }, 'mixture'));
    const cd = { kind: 'consistency-distillation', solver: 'euler', levels: 12, mu: 0 };
    const plain = make(cd, [...base, teacher]);
    const ict = make({ ...cd, weighting: { kind: 'inverse-gap' } }, [...base, teacher]);
    const x1 = tf.tensor2d([[-0.3, 0.6]]);
    const pair = drawConsistencyPair(
      consistencySigmas(12, boundarySigma(process), 80),
      [1, 2],
      new SeededRng(2),
    );
    pair.z.dispose();
    const a = lossAndGrads(plain, x1, 2);
    const b = lossAndGrads(ict, x1, 2);
    expect(b.loss / a.loss).toBeCloseTo(1 / (pair.from[0]! - pair.to[0]!), 4);
    x1.dispose();
  });

  it("a plugin's weighting is a valid train.objective.weighting; unknown kinds and bad weights are named errors", () => {
    const seen: number[][] = [];
    const doubled = contribution({
      kind: 'doubled',
      description: 'λ = 2',
      codec: struct('doubled', { kind: required(literal('doubled')) }),
      create: (): LevelWeighting => ({
        kind: 'doubled',
        weights: (from, to) => {
          seen.push([from[0]!, to[0]!]);
          return new Float64Array(from.length).fill(2);
        },
      }),
    });
    const broken = contribution({
      kind: 'broken',
      description: 'λ = NaN',
      codec: struct('broken', { kind: required(literal('broken')) }),
      create: (): LevelWeighting => ({
        kind: 'broken',
        weights: (from) => new Float64Array(from.length).fill(NaN),
      }),
    });
    const plugin = definePlugin(({ contribute }) =>
      contribute(CONSISTENCY_CHOICES.LevelWeighting.token, doubled, broken),
    );
    const x0 = tf.tensor2d([0.3, -0.2, 1.1, 0.4], [2, 2]);
    const one = make(ct).objective.loss({ x0 }, new SeededRng(4));
    const two = make({ ...ct, weighting: { kind: 'doubled' } }, [...base, plugin]).objective.loss(
      { x0 },
      new SeededRng(4),
    );
    expect(two.dataSync()[0]).toBeCloseTo(2 * one.dataSync()[0]!, 6);
    expect(seen[0]![0]).toBeGreaterThan(seen[0]![1]!);
    const bad = make({ ...ct, weighting: { kind: 'broken' } }, [...base, plugin]);
    expect(() => bad.objective.loss({ x0 }, new SeededRng(4))).toThrow(
      /train\.objective\.weighting "broken": expected finite weights ≥ 0/,
    );
    expect(() => make({ ...ct, weighting: { kind: 'doubled' } })).toThrow(/train\.objective\.weighting/);
    expect(() => make({ ...ct, weighting: { kind: 'inverse-gap', value: 2 } })).toThrow(
      /train\.objective\.weighting/,
    );
    tf.dispose([x0, one, two]);
  });
});
