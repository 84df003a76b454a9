import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUdm, SeededRng, type TrainingState, type Udm } from '@udm/core';
import { CosineAlphaBar, gaussianModule, VpContinuousProcess } from '@udm/gaussian';
import { GaussianMixtureOracle, tinyTestModule } from '@udm/testing';
import { consistencyModule } from '../consistency-module.js';
import { l2Distance } from '../distance/consistency-distance.js';
import { boundarySigma } from '../parameterization/boundary-sigma.js';
import { consistencySigmas } from '../schedule/consistency-sigmas.js';
import { lognormalLevelSampling } from '../schedule/level-sampling.js';
import { consistencyTeacher, consistencyTeacherModule } from '../teacher/consistency-teacher.js';
import { consistencyFunctionOf } from './consistency-function-of.js';
import { drawConsistencyPair } from './consistency-pairs.js';
import type { ConsistencyTrainingObjective } from './consistency-training.js';
import { TargetNetwork } from './target-network.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const base = [gaussianModule, consistencyModule, tinyTestModule({ itemShape: [2] })];
function config(objective: object, posterior = 'consistency') {
  return {
    seed: 3,
    data: { kind: 'tiny' },
    process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
    network: { kind: 'affine' },
    posterior: { kind: posterior },
    train: { steps: 6, batchSize: 8, ema: 0, checkpointEvery: 3, objective },
    sample: {
      step: { kind: 'ddim' },
      sampler: { kind: 'consistency' },
      grid: { kind: 'linspace' },
      steps: 2,
      count: 8,
    },
  };
}
const made: Udm[] = [];
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});
function make(raw: unknown, modules = base): Udm {
  const u = createUdm(raw, modules);
  made.push(u);
  return u;
}
const weights = (udm: Udm) =>
  Object.fromEntries([...udm.network.variables].map(([k, v]) => [k, Array.from(v.dataSync())]));

/** A checkpoint as a file holds it: JSON through a string, tensors copied to the host and back. */
function serialise(s: TrainingState) {
  const copy = (m: ReadonlyMap<string, tf.Tensor> | undefined) =>
    m && new Map([...m].map(([k, v]) => [k, tf.tensor(v.dataSync(), v.shape)] as const));
  return {
    step: s.step,
    params: copy(s.params)!,
    optimizer: s.optimizer.map(({ name, tensor }) => ({
      name,
      tensor: tf.tensor(tensor.dataSync(), tensor.shape),
    })),
    rng: JSON.parse(JSON.stringify(s.rng)),
    ...(s.objective
      ? {
          objective: {
            json: JSON.parse(JSON.stringify(s.objective.json)),
            tensors: copy(s.objective.tensors),
          },
        }
      : {}),
  };
}

describe('TargetNetwork θ⁻', () => {
  it('θ⁻ ← μθ⁻ + (1 − μ)θ; evaluate uses θ⁻, restores θ and returns a tensor off the tape; no leaks', () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const network = { variables: new Map([['w', v]]), apply: (x: tf.Tensor) => tf.mul(x, v) };
    const target = new TargetNetwork(network);
    target.ensure(0.5); // θ⁻ = θ = [1, 2]
    v.assign(tf.tensor1d([3, 6]));
    target.update(0.5); // θ⁻ = ½[1, 2] + ½[3, 6] = [2, 4]
    expect(Array.from(target.tensors!.get('w')!.dataSync())).toEqual([2, 4]);
    const before = tf.memory().numTensors;
    const { grads, value } = tf.variableGrads(() => {
      const goal = target.evaluate(() => network.apply(tf.ones([2])));
      expect(Array.from(goal.dataSync())).toEqual([2, 4]);
      return tf.sum(tf.mul(network.apply(tf.ones([2])), goal)) as tf.Scalar;
    });
    // d/dθ Σ θ·stopgrad(θ⁻) = θ⁻ (no gradient through the target).
    const g = Object.values(grads)[0]!;
    expect(Array.from(g.dataSync())).toEqual([2, 4]);
    expect(Array.from(v.dataSync())).toEqual([3, 6]);
    tf.dispose([value, g]);
    expect(tf.memory().numTensors).toBe(before);
    target.update(0); // μ = 0: θ⁻ = θ, no copy kept
    expect(target.tensors).toBeUndefined();
    v.dispose();
  });
});

describe('consistency-training objective', () => {
  it('has no gradient through its target: ∇ equals that of d(f_θ(x0 + σ_{n+1}z), constant f_θ(x0 + σ_n z))', () => {
    const udm = make(config({ kind: 'consistency-training', mu0: 0, s0: 10, s1: 10, scheduleSteps: 1 }));
    const process = new VpContinuousProcess(new CosineAlphaBar());
    const x0 = tf.tensor2d([0.3, -0.2, 1.1, 0.4, -0.7, 0.9, 0.05, -1.2], [4, 2]);
    const vars = [...udm.network.variables.values()];
    const ours = tf.variableGrads(() => udm.objective.loss({ x0 }, new SeededRng(5)), vars);
    // By hand, with the same draws.
    const sigmas = consistencySigmas(10, boundarySigma(process), 80);
    const pair = drawConsistencyPair(sigmas, [4, 2], new SeededRng(5));
    const f = consistencyFunctionOf(process, udm.posterior, 'test');
    const noisy = (s: Float64Array) => tf.add(x0, tf.mul(pair.z, tf.tensor2d(Array.from(s, (v) => [v]))));
    const goal = f(noisy(pair.to), pair.to);
    const hand = tf.variableGrads(
      () => tf.mean(l2Distance.distance(f(noisy(pair.from), pair.from), goal)) as tf.Scalar,
      vars,
    );
    expect(ours.value.dataSync()[0]).toBeCloseTo(hand.value.dataSync()[0]!, 6);
    for (const name of Object.keys(hand.grads)) {
      const [a, b] = [ours.grads[name]!.dataSync(), hand.grads[name]!.dataSync()];
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
    }
    // With the gradient through the target as well it would differ.
    const both = tf.variableGrads(
      () =>
        tf.mean(l2Distance.distance(f(noisy(pair.from), pair.from), f(noisy(pair.to), pair.to))) as tf.Scalar,
      vars,
    );
    const differs = Object.keys(hand.grads).some((n) =>
      Array.from(both.grads[n]!.dataSync()).some(
        (v, i) => Math.abs(v - hand.grads[n]!.dataSync()[i]!) > 1e-4,
      ),
    );
    expect(differs).toBe(true);
    tf.dispose([
      x0,
      pair.z,
      goal,
      ours.value,
      hand.value,
      both.value,
      ...Object.values(ours.grads),
      ...Object.values(hand.grads),
      ...Object.values(both.grads),
    ]);
  });

  it('trains from a config with N(k) over train.steps; θ⁻ and k are checkpointed: a resumed run ends exactly', async () => {
    // K given (the interrupted run below is asked for 3 of the 6 steps, so its train.steps-based K would be 3).
    const objective = { kind: 'consistency-training', s0: 2, s1: 20, scheduleSteps: 6 };
    const whole = make(config(objective));
    expect(whole.config.train.objective).toEqual({
      ...objective,
      distance: 'l2',
      sigmaMax: 80,
      rho: 7,
      mu0: 0.9,
      levelSampling: 'uniform',
      pMean: -1.1,
      pStd: 2,
      weighting: { kind: 'constant', value: 1 },
    });
    const ct = whole.objective as ConsistencyTrainingObjective;
    expect(ct.levelsAt(0)).toBe(2);
    expect(ct.levelsAt(6)).toBe(21);
    await whole.train();
    expect(ct.target.tensors?.size).toBe(whole.network.variables.size);

    const first = make(config(objective));
    let saved: ReturnType<typeof serialise> | undefined;
    await first.train({ steps: 3, checkpoint: { save: async (s) => void (saved = serialise(s)) } });
    expect(saved?.objective?.json).toEqual({ step: 3, scheduleSteps: 6 });
    expect(saved?.objective?.tensors?.size).toBe(first.network.variables.size);
    const resumed = make(config(objective));
    await resumed.restore(saved!);
    tf.dispose([
      ...saved!.params.values(),
      ...saved!.optimizer.map((o) => o.tensor),
      ...(saved!.objective?.tensors?.values() ?? []),
    ]);
    await resumed.train();
    expect(weights(resumed)).toEqual(weights(whole));
    const params = new Map([...resumed.network.variables].map(([k, v]) => [k, tf.clone(v)] as const));
    await expect(resumed.restore({ step: 0, params, objective: { json: { step: -1 } } })).rejects.toThrow(
      /objective state: step expected a non-negative integer/,
    );
    tf.dispose([...params.values()]);
  });

  it('the schedule’s K is train.steps when training starts and is checkpointed: a longer resume keeps N(k)', async () => {
    const objective = { kind: 'consistency-training', s0: 2, s1: 20 };
    const withSteps = (steps: number, o: object = objective) => {
      const c = config(o);
      return { ...c, train: { ...c.train, steps } };
    };
    // Uninterrupted: 4 steps, K = train.steps = 4.
    const whole = make(withSteps(4));
    expect((whole.objective as ConsistencyTrainingObjective).scheduleSteps).toBe(4);
    await whole.train();
    // Interrupted at step 2 (train({ steps: 2 }) does not change K: it is the config's train.steps).
    const first = make(withSteps(4));
    const copies: ReturnType<typeof serialise>[] = [];
    await first.train({
      steps: 2,
      checkpoint: { save: async (s) => void copies.push(serialise(s), serialise(s), serialise(s)) },
    });
    const [saved, forForgetful, forMismatch] = copies.slice(-3) as [
      ReturnType<typeof serialise>,
      ReturnType<typeof serialise>,
      ReturnType<typeof serialise>,
    ];
    expect(saved.step).toBe(2);
    expect(saved.objective?.json).toEqual({ step: 2, scheduleSteps: 4 });
    const release = (s: ReturnType<typeof serialise>) =>
      tf.dispose([
        ...s.params.values(),
        ...s.optimizer.map((o) => o.tensor),
        ...(s.objective?.tensors?.values() ?? []),
      ]);
    // Resumed as `udm resume --steps 8` does: the config's train.steps becomes 8.
    const resumed = make(withSteps(8));
    const ct = resumed.objective as ConsistencyTrainingObjective;
    expect(ct.scheduleSteps).toBe(8);
    await resumed.restore(saved);
    release(saved);
    expect(ct.scheduleSteps).toBe(4);
    expect(ct.levelsAt(2)).toBe(15); // on K = 8 it would be 11
    expect(ct.levelsAt(2, 8)).toBe(11);
    await resumed.train({ steps: 4 });
    expect(weights(resumed)).toEqual(weights(whole));
    // Without K in the state (a checkpoint written before it was recorded) the schedule would change.
    const forgetful = make(withSteps(8));
    await forgetful.restore({
      ...forForgetful,
      objective: { ...forForgetful.objective!, json: { step: 2 } },
    });
    release(forForgetful);
    await forgetful.train({ steps: 4 });
    expect(weights(forgetful)).not.toEqual(weights(whole));
    // An explicit scheduleSteps that contradicts the checkpoint's K is an error naming the field.
    const mismatch = make(withSteps(8, { ...objective, scheduleSteps: 8 }));
    await expect(mismatch.restore(forMismatch)).rejects.toThrow(
      /train\.objective\.scheduleSteps: the checkpoint was trained with K = 4.*asks for 8/,
    );
    release(forMismatch);
  });

  it('levelSampling "lognormal": the loss is the one with pairs drawn by the discretised lognormal (iCT)', () => {
    const objective = { kind: 'consistency-training', mu0: 0, s0: 41, s1: 41, scheduleSteps: 1 };
    const udm = make(config({ ...objective, levelSampling: 'lognormal', pMean: -0.5, pStd: 1.5 }));
    const process = new VpContinuousProcess(new CosineAlphaBar());
    const x0 = tf.tensor2d(
      Array.from({ length: 64 }, (_, i) => Math.sin(i)),
      [32, 2],
    );
    const ours = udm.objective.loss({ x0 }, new SeededRng(5));
    const sigmas = consistencySigmas(41, boundarySigma(process), 80);
    const f = consistencyFunctionOf(process, udm.posterior, 'test');
    const byHand = (p?: Float64Array) => {
      const pair = drawConsistencyPair(sigmas, [32, 2], new SeededRng(5), p);
      const noisy = (s: Float64Array) => tf.add(x0, tf.mul(pair.z, tf.tensor2d(Array.from(s, (v) => [v]))));
      const loss = tf.mean(l2Distance.distance(f(noisy(pair.from), pair.from), f(noisy(pair.to), pair.to)));
      const v = loss.dataSync()[0]!;
      tf.dispose([pair.z, loss]);
      return v;
    };
    expect(ours.dataSync()[0]).toBeCloseTo(
      byHand(lognormalLevelSampling(-0.5, 1.5).probabilities(sigmas)),
      6,
    );
    expect(Math.abs(ours.dataSync()[0]! - byHand())).toBeGreaterThan(1e-4);
    expect(udm.config.train.objective).toMatchObject({ levelSampling: 'lognormal', pMean: -0.5, pStd: 1.5 });
    tf.dispose([x0, ours]);
    expect(() => make(config({ ...objective, levelSampling: 'beta' }))).toThrow(
      /train\.objective\.levelSampling/,
    );
    expect(() => make(config({ ...objective, pStd: 0 }))).toThrow(/train\.objective\.pStd/);
    expect(() => make(config({ ...objective, levelSampling: 'lognormal', pMean: 40, pStd: 0.5 }))).toThrow(
      /train\.objective\.pMean, pStd: .*puts no mass/,
    );
  });

  it('bad configs are errors naming the field or the missing part', () => {
    expect(() => make(config({ kind: 'consistency-training' }, 'epsilon'))).toThrow(
      /needs posterior\.kind "consistency"/,
    );
    expect(() => make(config({ kind: 'consistency-training', s0: 5, s1: 3 }))).toThrow(
      /train\.objective\.s1/,
    );
    expect(() => make(config({ kind: 'consistency-training', distance: 'lpips' }))).toThrow(
      /train\.objective\.distance/,
    );
  });
});

describe('consistency-distillation objective', () => {
  it('needs a bound teacher; with the exact mixture as teacher it trains, θ⁻ follows θ, no tensors leak', async () => {
    // Without a teacher the model is built (a distilled checkpoint samples without its teacher); a loss fails.
    const alone = make(config({ kind: 'consistency-distillation' }));
    const x0 = tf.zeros([4, 2]);
    expect(() => alone.objective.loss({ x0 }, new SeededRng(1))).toThrow(/needs exactly one teacher/);
    x0.dispose();
    const process = new VpContinuousProcess(new CosineAlphaBar());
    const oracle = new GaussianMixtureOracle(process, [
      { weight: 0.5, mean: [-0.5, 0], std: 0.3 },
      { weight: 0.5, mean: [0.5, 0.2], std: 0.2 },
    ]);
    const teacher = consistencyTeacher({ process, predictor: oracle }, 'the exact mixture');
    const udm = make(config({ kind: 'consistency-distillation', solver: 'euler', mu: 0.5 }), [
      ...base,
      consistencyTeacherModule(teacher),
    ]);
    expect(udm.config.train.objective).toEqual({
      kind: 'consistency-distillation',
      solver: 'euler',
      mu: 0.5,
      levels: 18,
      distance: 'l2',
      sigmaMax: 80,
      rho: 7,
      weighting: { kind: 'constant', value: 1 },
    });
    const losses: number[] = [];
    await udm.train({ steps: 2, onStep: (p) => losses.push(p.loss) });
    const before = tf.memory().numTensors;
    await udm.train({ steps: 2, onStep: (p) => losses.push(p.loss) });
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(udm.objective.getState?.().tensors?.size).toBe(udm.network.variables.size);
  });
});
