import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createUdm, SeededRng, type TrainingState, type Udm } from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { gaussianModule } from '../gaussian-module.js';
import type { GaussianPosterior } from '../posterior/gaussian-posterior.js';
import type { GaussianProcess } from '../process/gaussian-process.js';
import { lossWeightingRegistry } from '../objective/weighting-contributions.js';
import { copyWeights } from './copy-weights.js';
import { distillRound } from './progressive-distillation.js';

await tf.setBackend('cpu');
await tf.ready();

const modules = [gaussianModule, tinyTestModule({ train: 64 })];
function config(objective: unknown, steps = 4) {
  return {
    seed: 5,
    data: { kind: 'tiny' },
    process: { kind: 'vp-continuous', schedule: { kind: 'cosine' } },
    network: { kind: 'affine' },
    posterior: { kind: 'v' },
    train: { steps, batchSize: 8, ema: 0, optimizer: { kind: 'adam', learningRate: 0.01 }, objective },
    sample: { step: { kind: 'ddim' }, grid: { kind: 'linspace' }, steps: 2 },
  };
}
const objective = { kind: 'progressive-distillation', studentSteps: 2 };
const made: Udm[] = [];
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});
function make(raw: unknown): Udm {
  const u = createUdm(raw, modules);
  made.push(u);
  return u;
}
const weights = (u: Udm) =>
  Object.fromEntries([...u.network.variables].map(([k, v]) => [k, Array.from(v.dataSync())]));
/** Moves the weights away from their initialisation, as a trained teacher would be. */
function perturb(u: Udm): void {
  for (const v of u.network.variables.values()) v.assign(tf.tidy(() => tf.add(v, tf.scalar(0.3))));
}

describe('train.objective "progressive-distillation"', () => {
  it('is the round distillRound trains: same draws, same loss, same weights', async () => {
    const udm = make(config(objective));
    perturb(udm);
    // The reference: distillRound with a copy of the starting weights as the teacher and the run's RNG state.
    const ref = make(config(objective));
    const teacherOwner = make(config({ kind: 'denoising' }));
    copyWeights(udm.network, ref.network);
    copyWeights(udm.network, teacherOwner.network);
    const rng = new SeededRng(0);
    rng.setState(udm.rng.getState());
    const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-8); // the config's adam
    const round = await distillRound({
      teacher: teacherOwner.posterior as GaussianPosterior,
      student: ref.posterior as GaussianPosterior,
      process: ref.process as GaussianProcess,
      data: ref.data.train,
      optimizer,
      rng,
      batchSize: 8,
      steps: 4,
      studentSteps: 2,
      weighting: lossWeightingRegistry.create({ kind: 'truncated-snr', space: 'x0' } as never, {
        process: ref.process as GaussianProcess,
      }),
    });
    optimizer.dispose();
    const summary = await udm.train();
    expect(summary.lastLoss).toBe(round.lastLoss);
    expect(weights(udm)).toEqual(weights(ref));
    // The student moved away from the teacher it copies.
    expect(weights(udm)).not.toEqual(weights(teacherOwner));
  });

  it('the teacher is checkpointed: a resumed round ends exactly where an uninterrupted one does', async () => {
    const whole = make(config(objective, 6));
    perturb(whole);
    const start = weights(whole);
    await whole.train();
    const first = make(config(objective, 6));
    perturb(first);
    let snapshot: Parameters<Udm['restore']>[0] | undefined;
    const copy = (m: ReadonlyMap<string, tf.Tensor>) =>
      new Map([...m].map(([k, v]) => [k, v.clone()] as const));
    await first.train({
      steps: 3,
      checkpoint: {
        save: async (s: TrainingState) =>
          void (snapshot = {
            step: s.step,
            params: copy(s.params),
            optimizer: s.optimizer.map(({ name, tensor }) => ({ name, tensor: tensor.clone() })),
            rng: s.rng,
            objective: { tensors: copy(s.objective!.tensors!) },
          }),
      },
    });
    // The teacher in the checkpoint is the starting weights, not the student's.
    for (const [name, values] of Object.entries(start))
      expect(Array.from(snapshot!.objective!.tensors!.get(`teacher.${name}`)!.dataSync())).toEqual(values);
    const resumed = make(config(objective, 6));
    await resumed.restore(snapshot!);
    tf.dispose([
      ...snapshot!.params.values(),
      ...snapshot!.optimizer!.map((o) => o.tensor),
      ...snapshot!.objective!.tensors!.values(),
    ]);
    await resumed.train();
    expect(weights(resumed)).toEqual(weights(whole));
  });

  it('needs a continuous-time Gaussian process and an x0-space weighting (errors name the field)', () => {
    expect(() => make({ ...config(objective), process: { kind: 'vp', T: 20 } })).toThrow(/train\.objective/);
    expect(() =>
      make(config({ ...objective, weighting: { kind: 'truncated-snr', space: 'epsilon' } })),
    ).toThrow(/train\.objective\.weighting: expected space "x0"/);
  });
});
