import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvertibleForward } from '../contracts/forward-process.js';
import { perSample } from '../contracts/per-sample.js';
import type { PointPrediction } from '../contracts/prediction.js';
import { FreshNoiseStep } from '../corrections/fresh-noise-step.js';
import { InterpolatedNoiseStep } from '../corrections/interpolated-noise-step.js';
import { ReplayRng } from '../random/replay-rng.js';
import type { Rng } from '../random/rng.js';
import { SeededRng } from '../random/seeded-rng.js';
import { randomNormal } from '../random/tensors.js';
import { LinspaceGrid } from '../time/grids.js';
import { ContinuousTime } from '../time/time-domain.js';
import { stepPairs } from '../time/time-grid.js';
import { mapTime, type Time } from '../time/time.js';
import type { Predictor } from './predictor.js';
import { sample } from './sample.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const a = (t: number) => 1 - t;
const b = (t: number) => t;

/** x_t = (1 − t)·x0 + t·ε on [0, 1]. */
class LinearProcess implements InvertibleForward {
  readonly invertible = true as const;
  readonly time = new ContinuousTime();
  priorCalls = 0;
  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return randomNormal(rng, x0.shape);
  }
  forward(x0: tf.Tensor, eps: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() =>
      tf.add(tf.mul(x0, perSample(mapTime(t, a), x0.rank)), tf.mul(eps, perSample(mapTime(t, b), x0.rank))),
    );
  }
  inverse(x0: tf.Tensor, xt: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() =>
      tf.div(tf.sub(xt, tf.mul(x0, perSample(mapTime(t, a), x0.rank))), perSample(mapTime(t, b), x0.rank)),
    );
  }
  prior(shape: readonly number[], rng: Rng): tf.Tensor {
    this.priorCalls++;
    return randomNormal(rng, shape);
  }
}

/** x̂0 = x_t / 2 (a stand-in for G_t). Records the times it was asked about. */
class HalfPredictor implements Predictor<tf.Tensor, PointPrediction> {
  readonly times: number[] = [];
  predict(xt: tf.Tensor, t: Time): PointPrediction {
    this.times.push(t as number);
    return { x0: tf.mul(xt, 0.5) };
  }
}

const unit = new ContinuousTime();

describe('sample', () => {
  it('runs the chain x_T → … → x_0 as the step prescribes (checked by hand for two fresh-noise steps)', () => {
    const process = new LinearProcess();
    const xT = tf.tensor([1, -2, 4], [3, 1]);
    const e1 = [0.5, 0.25, -1];
    const e2 = [9, 9, 9];
    const result = sample({
      process,
      predictor: new HalfPredictor(),
      step: new FreshNoiseStep(process),
      pairs: [
        { t: 0.8, s: 0.3 },
        { t: 0.3, s: 0 },
      ],
      shape: [3, 1],
      rng: new ReplayRng([e1, e2]),
      xT,
    });
    // Step 1: x̂0 = xT/2; x_0.3 = 0.7·x̂0 + 0.3·e1. Step 2: x̂0 = x_0.3/2; x_0 = F_0(x̂0, e2) = x̂0.
    const expected = [1, -2, 4].map((x, i) => (0.7 * (x / 2) + 0.3 * e1[i]!) / 2);
    Array.from(result.x0.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    expect(process.priorCalls).toBe(0);
    // The caller's x_T is not disposed.
    expect(xT.isDisposed).toBe(false);
    expect(Array.from(xT.dataSync())).toEqual([1, -2, 4]);
    tf.dispose([xT, result.x0]);
  });

  it('starts from the prior when no x_T is given', () => {
    const process = new LinearProcess();
    const { x0 } = sample({
      process,
      predictor: new HalfPredictor(),
      step: new FreshNoiseStep(process),
      pairs: stepPairs(unit, [1]),
      shape: [4, 3],
      rng: new SeededRng(1),
    });
    expect(process.priorCalls).toBe(1);
    expect(x0.shape).toEqual([4, 3]);
    // One step from t = 1 to the origin: x0 = x̂0 = x_T/2, with x_T the first 12 normals of the rng.
    const z = new SeededRng(1).normals(12);
    Array.from(x0.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(z[i]! / 2, 5));
    x0.dispose();
  });

  it('leaves tf.memory().numTensors unchanged over 200 steps once the result is disposed', () => {
    const process = new LinearProcess();
    const pairs = stepPairs(unit, new LinspaceGrid().times(unit, 200));
    const before = tf.memory().numTensors;
    const { x0, intermediates } = sample({
      process,
      predictor: new HalfPredictor(),
      step: new InterpolatedNoiseStep(process, { sigmaTilde: () => 0.5 }),
      pairs,
      shape: [64, 2],
      rng: new SeededRng(2),
    });
    expect(intermediates).toEqual([]);
    expect(tf.memory().numTensors).toBe(before + 1);
    x0.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('calls onStep once per step with index, total, t, s, x_s and the prediction', () => {
    const process = new LinearProcess();
    const predictor = new HalfPredictor();
    const pairs = stepPairs(unit, [1, 0.75, 0.5, 0.25]);
    const seen: Array<{ index: number; total: number; t: number; s: number }> = [];
    const { x0 } = sample({
      process,
      predictor,
      step: new InterpolatedNoiseStep(process, { sigmaTilde: () => 0 }),
      pairs,
      shape: [2, 2],
      rng: new SeededRng(3),
      onStep: (p) => {
        seen.push({ index: p.index, total: p.total, t: p.t, s: p.s });
        expect(p.x.shape).toEqual([2, 2]);
        expect(p.prediction.x0.shape).toEqual([2, 2]);
        expect(p.x.isDisposed).toBe(false);
      },
    });
    expect(seen).toEqual(pairs.map((p, index) => ({ index, total: 4, ...p })));
    expect(predictor.times).toEqual([1, 0.75, 0.5, 0.25]);
    x0.dispose();
  });

  it('`keep` returns clones of the chosen states, owned by the caller', () => {
    const process = new LinearProcess();
    const pairs = stepPairs(unit, [1, 0.8, 0.6, 0.4, 0.2]);
    const states: number[][] = [];
    const before = tf.memory().numTensors;
    const { x0, intermediates } = sample({
      process,
      predictor: new HalfPredictor(),
      step: new FreshNoiseStep(process),
      pairs,
      shape: [3, 1],
      rng: new SeededRng(4),
      keep: new Set([1, 3, 99]),
      onStep: (p) => states.push(Array.from(p.x.dataSync())),
    });
    expect(intermediates.map((i) => [i.index, i.s])).toEqual([
      [1, 0.6],
      [3, 0.2],
    ]);
    expect(Array.from(intermediates[0]!.x.dataSync())).toEqual(states[1]);
    expect(Array.from(intermediates[1]!.x.dataSync())).toEqual(states[3]);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([x0, ...intermediates.map((i) => i.x)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an empty list of pairs', () => {
    const process = new LinearProcess();
    expect(() =>
      sample({
        process,
        predictor: new HalfPredictor(),
        step: new FreshNoiseStep(process),
        pairs: [],
        shape: [1],
        rng: new SeededRng(0),
      }),
    ).toThrow('pairs: expected at least one step');
  });
});
