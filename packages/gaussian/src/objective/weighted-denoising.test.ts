import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createUdm, type TrainingState, type Udm } from '@udm/core';
import { tinyTestModule } from '@udm/testing';
import { gaussianModule } from '../gaussian-module.js';

await tf.setBackend('cpu');
await tf.ready();

const modules = [gaussianModule, tinyTestModule({ train: 128 })];
const base = {
  seed: 2,
  data: { kind: 'tiny' },
  process: { kind: 'vp', T: 10 },
  network: { kind: 'affine' },
  sample: { step: { kind: 'ddim' }, steps: 5 },
};
const made: Udm[] = [];
afterEach(() => {
  for (const u of made.splice(0)) u.dispose();
});
function make(posterior: unknown, objective?: unknown, steps = 4, batchSize = 16): Udm {
  const u = createUdm(
    { ...base, posterior, train: { steps, batchSize, ema: 0.9, ...(objective ? { objective } : {}) } },
    modules,
  );
  made.push(u);
  return u;
}
const weights = (u: Udm) =>
  Object.fromEntries([...u.network.variables].map(([k, v]) => [k, Array.from(v.dataSync())]));

describe('train.objective "weighted-denoising" (seed 004’s template as an objective)', () => {
  it('importance sampling is the objective’s state: checkpointed, and a resumed run equals an uninterrupted one', async () => {
    const objective = { kind: 'weighted-denoising', time: { kind: 'importance', history: 1 } };
    const whole = make({ kind: 'epsilon' }, objective, 6, 48);
    await whole.train();
    const first = make({ kind: 'epsilon' }, objective, 6, 48);
    const copy = (m: ReadonlyMap<string, tf.Tensor>) =>
      new Map([...m].map(([k, v]) => [k, v.clone()] as const));
    /** What a checkpoint file would hold (copied while the sink has it; JSON through a string). */
    const snapshotOf = (s: TrainingState) => ({
      step: s.step,
      params: copy(s.params),
      ema: copy(s.ema!),
      emaUpdates: s.emaUpdates!,
      optimizer: s.optimizer.map(({ name, tensor }) => ({ name, tensor: tensor.clone() })),
      rng: s.rng,
      objective: { json: JSON.parse(JSON.stringify(s.objective!.json)) as { time: { counts: number[] } } },
    });
    const snapshots: ReturnType<typeof snapshotOf>[] = [];
    await first.train({
      steps: 3,
      checkpoint: { save: async (s) => void snapshots.push(snapshotOf(s), snapshotOf(s)) },
    });
    const [snapshot, again] = snapshots as [ReturnType<typeof snapshotOf>, ReturnType<typeof snapshotOf>];
    // Every one of the 10 times has been seen: the distribution is adapted, not uniform.
    expect(snapshot.objective.json.time.counts.every((c) => c >= 1)).toBe(true);
    const resumed = make({ kind: 'epsilon' }, objective, 6, 48);
    await resumed.restore(snapshot);
    tf.dispose([
      ...snapshot.params.values(),
      ...snapshot.ema.values(),
      ...snapshot.optimizer.map((o) => o.tensor),
    ]);
    await resumed.train();
    expect(weights(resumed)).toEqual(weights(whole));
    // Without the state the resumed run would draw uniformly again and differ.
    const forgetful = make({ kind: 'epsilon' }, objective, 6, 48);
    const { objective: _dropped, ...withoutState } = again;
    await forgetful.restore(withoutState);
    tf.dispose([...again.params.values(), ...again.ema.values(), ...again.optimizer.map((o) => o.tensor)]);
    await forgetful.train();
    expect(weights(forgetful)).not.toEqual(weights(whole));
  });

  it('errors name the field: both spellings at once, a bad state, a posterior without the capability', async () => {
    expect(() =>
      make({ kind: 'epsilon', time: { kind: 'importance' } }, { kind: 'weighted-denoising' }),
    ).toThrow(/posterior\.time .*train\.objective .*disagree/);
    expect(() => make({ kind: 'epsilon' }, { kind: 'weighted-denoising', time: { kind: 'nope' } })).toThrow(
      /train\.objective\.time/,
    );
    expect(() => make({ kind: 'learned-range' }, { kind: 'weighted-denoising' })).toThrow(/squared-error/);
    const u = make({ kind: 'epsilon' }, { kind: 'weighted-denoising', time: { kind: 'importance' } });
    await expect(
      u.restore({ step: 0, params: u.network.variables, objective: { json: { time: { losses: [1] } } } }),
    ).rejects.toThrow(/time "importance": state: expected/);
  });
});
