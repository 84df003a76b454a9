import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ForwardProcess } from '../contracts/forward-process.js';
import { perSample } from '../contracts/per-sample.js';
import { ReplayRng } from '../random/replay-rng.js';
import type { Rng } from '../random/rng.js';
import { randomNormal } from '../random/tensors.js';
import { DiscreteTime } from '../time/time-domain.js';
import { mapTime, type Time } from '../time/time.js';
import { FreshNoiseStep } from './fresh-noise-step.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const T = 10;
// Discrete time 0..9 with origin −1: a = 1 − (t + 1)/T, b = √((t + 1)/T) (so F_{−1}(x0, ε) = x0).
const a = (t: number) => 1 - (t + 1) / T;
const b = (t: number) => Math.sqrt((t + 1) / T);

/** Not invertible (no `inverse`): the fresh-noise step must work without F⁻¹. */
class SimpleProcess implements ForwardProcess {
  readonly time = new DiscreteTime(T);
  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return randomNormal(rng, x0.shape);
  }
  forward(x0: tf.Tensor, eps: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() =>
      tf.add(tf.mul(x0, perSample(mapTime(t, a), x0.rank)), tf.mul(eps, perSample(mapTime(t, b), x0.rank))),
    );
  }
  prior(shape: readonly number[], rng: Rng): tf.Tensor {
    return randomNormal(rng, shape);
  }
}

describe('FreshNoiseStep', () => {
  const x0 = [0.5, -1, 2, 3];
  const xt = [10, 20, 30, 40];

  function run(t: number, s: number, rng: Rng): number[] {
    const xtT = tf.tensor(xt, [2, 2]);
    const x0T = tf.tensor(x0, [2, 2]);
    const out = new FreshNoiseStep(new SimpleProcess()).step(xtT, { x0: x0T }, t, s, rng);
    expect(out.shape).toEqual([2, 2]);
    const v = Array.from(out.dataSync());
    tf.dispose([xtT, x0T, out]);
    return v;
  }

  it('is F_s(x̂0, ε_new) with fresh noise, and ignores x_t', () => {
    const epsNew = [0.7, -0.2, 1.5, -1.1];
    const rng = new ReplayRng([epsNew]);
    const got = run(7, 3, rng);
    got.forEach((g, i) => expect(g).toBeCloseTo(a(3) * x0[i]! + b(3) * epsNew[i]!, 5));
    expect(rng.remaining).toBe(0);
  });

  it('at s = origin returns x̂0', () => {
    const got = run(4, -1, new ReplayRng([[5, 5, 5, 5]]));
    got.forEach((g, i) => expect(g).toBeCloseTo(x0[i]!, 6));
  });

  it('different noise gives different results, the same noise the same result', () => {
    const e1 = [1, 2, 3, 4];
    const e2 = [4, 3, 2, 1];
    expect(run(5, 2, new ReplayRng([e1]))).toEqual(run(5, 2, new ReplayRng([e1])));
    expect(run(5, 2, new ReplayRng([e1]))).not.toEqual(run(5, 2, new ReplayRng([e2])));
  });

  it('leaves no intermediate tensors behind', () => {
    const xtT = tf.tensor(xt, [2, 2]);
    const x0T = tf.tensor(x0, [2, 2]);
    const before = tf.memory().numTensors;
    const out = new FreshNoiseStep(new SimpleProcess()).step(
      xtT,
      { x0: x0T },
      5,
      2,
      new ReplayRng([[1, 2, 3, 4]]),
    );
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([xtT, x0T, out]);
  });
});
