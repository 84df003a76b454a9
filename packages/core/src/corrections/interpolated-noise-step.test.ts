import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvertibleForward } from '../contracts/forward-process.js';
import { perSample } from '../contracts/per-sample.js';
import { ReplayRng } from '../random/replay-rng.js';
import type { Rng } from '../random/rng.js';
import { randomNormal } from '../random/tensors.js';
import { ContinuousTime } from '../time/time-domain.js';
import { mapTime, type Time } from '../time/time.js';
import { InterpolatedNoiseStep, RecoveredNoiseStep } from './interpolated-noise-step.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const a = (t: number) => Math.cos((Math.PI / 2) * t);
const b = (t: number) => Math.sin((Math.PI / 2) * t);

/** x_t = a(t)·x0 + b(t)·ε, a = cos(πt/2), b = sin(πt/2): invertible in ε for t > 0. Counts inverse calls. */
class TrigProcess implements InvertibleForward {
  readonly invertible = true as const;
  readonly time = new ContinuousTime();
  inverseCalls = 0;
  sampleNoise(x0: tf.Tensor, rng: Rng): tf.Tensor {
    return randomNormal(rng, x0.shape);
  }
  forward(x0: tf.Tensor, eps: tf.Tensor, t: Time): tf.Tensor {
    return tf.tidy(() =>
      tf.add(tf.mul(x0, perSample(mapTime(t, a), x0.rank)), tf.mul(eps, perSample(mapTime(t, b), x0.rank))),
    );
  }
  inverse(x0: tf.Tensor, xt: tf.Tensor, t: Time): tf.Tensor {
    this.inverseCalls++;
    return tf.tidy(() =>
      tf.div(tf.sub(xt, tf.mul(x0, perSample(mapTime(t, a), x0.rank))), perSample(mapTime(t, b), x0.rank)),
    );
  }
  prior(shape: readonly number[], rng: Rng): tf.Tensor {
    return randomNormal(rng, shape);
  }
}

const X0 = [0.5, -1.25, 2, 0.1, -0.3, 1.7];
const XT = [1.1, 0.4, -0.7, 2.2, -1.3, 0.05];
const SHAPE = [3, 2];

function run(step: InterpolatedNoiseStep, t: number, s: number, rng: Rng): number[] {
  const xt = tf.tensor(XT, SHAPE);
  const x0 = tf.tensor(X0, SHAPE);
  const out = step.step(xt, { x0 }, t, s, rng);
  expect(out.shape).toEqual(SHAPE);
  const v = Array.from(out.dataSync());
  tf.dispose([xt, x0, out]);
  return v;
}

function closeTo(got: number[], want: number[], digits = 5): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, digits));
}

describe('InterpolatedNoiseStep', () => {
  const t = 0.8;
  const s = 0.3;
  // ε_rec = F_t⁻¹(x̂0, x_t) = (x_t − a_t·x̂0)/b_t, by hand in float64.
  const epsRec = XT.map((x, i) => (x - a(t) * X0[i]!) / b(t));

  it('σ̃ = 0 gives F_s(x̂0, F_t⁻¹(x̂0, x_t)) and draws no noise', () => {
    const p = new TrigProcess();
    const step = new InterpolatedNoiseStep(p, { sigmaTilde: () => 0 });
    // An empty replay rng without fallback throws on any draw.
    const got = run(step, t, s, new ReplayRng([]));
    closeTo(
      got,
      X0.map((x, i) => a(s) * x + b(s) * epsRec[i]!),
    );
    expect(p.inverseCalls).toBe(1);
  });

  it('σ̃ ∈ (0, 1) uses √(1 − σ̃²)·ε_rec + σ̃·ε_new', () => {
    const sigma = 0.6;
    const epsNew = [0.3, -1.1, 0.8, 0.25, -0.4, 1.9];
    const step = new InterpolatedNoiseStep(new TrigProcess(), { sigmaTilde: () => sigma });
    const rng = new ReplayRng([epsNew]);
    const got = run(step, t, s, rng);
    const eps = epsRec.map((e, i) => Math.sqrt(1 - sigma * sigma) * e + sigma * epsNew[i]!);
    closeTo(
      got,
      X0.map((x, i) => a(s) * x + b(s) * eps[i]!),
    );
    expect(rng.remaining).toBe(0); // exactly one ε_new of the data's size was drawn
  });

  it('σ̃ = 1 is the marginal correction F_s(x̂0, ε_new)', () => {
    const epsNew = [1, 2, 3, -1, -2, -3];
    const step = new InterpolatedNoiseStep(new TrigProcess(), { sigmaTilde: () => 1 });
    const got = run(step, t, s, new ReplayRng([epsNew]));
    closeTo(
      got,
      X0.map((x, i) => a(s) * x + b(s) * epsNew[i]!),
    );
  });

  it('passes t and s to σ̃(t, s)', () => {
    const calls: Array<[number, number]> = [];
    const step = new InterpolatedNoiseStep(new TrigProcess(), {
      sigmaTilde: (tt, ss) => {
        calls.push([tt, ss]);
        return 0;
      },
    });
    run(step, 0.9, 0.45, new ReplayRng([]));
    expect(calls).toEqual([[0.9, 0.45]]);
  });

  it('at s = origin returns x̂0 whatever the noise', () => {
    const step = new InterpolatedNoiseStep(new TrigProcess(), { sigmaTilde: () => 0.5 });
    closeTo(run(step, t, 0, new ReplayRng([[9, 9, 9, 9, 9, 9]])), X0, 6);
  });

  it('re-noising x̂0 = x0 with its own ε recovers x_s = F_s(x0, ε) (deterministic consistency)', () => {
    // If x_t = F_t(x0, ε) and the prediction is exact, the recovered step lands on F_s(x0, ε).
    const eps = [0.2, -0.9, 1.4, 0.0, -2.1, 0.6];
    const xt = X0.map((x, i) => a(t) * x + b(t) * eps[i]!);
    const step = new RecoveredNoiseStep(new TrigProcess());
    const xtT = tf.tensor(xt, SHAPE);
    const x0T = tf.tensor(X0, SHAPE);
    const out = step.step(xtT, { x0: x0T }, t, s, new ReplayRng([]));
    closeTo(
      Array.from(out.dataSync()),
      X0.map((x, i) => a(s) * x + b(s) * eps[i]!),
    );
    tf.dispose([xtT, x0T, out]);
  });

  it.each([-0.01, 1.5, NaN, Infinity])('rejects σ̃ = %s', (sigma) => {
    const step = new InterpolatedNoiseStep(new TrigProcess(), { sigmaTilde: () => sigma });
    expect(() => run(step, t, s, new ReplayRng([X0]))).toThrow(RangeError);
    expect(() => run(step, t, s, new ReplayRng([X0]))).toThrow(
      /σ̃\(0.8 → 0.3\): expected a number in \[0, 1\]/,
    );
  });

  it('leaves no intermediate tensors behind', () => {
    const step = new InterpolatedNoiseStep(new TrigProcess(), { sigmaTilde: () => 0.4 });
    const xt = tf.tensor(XT, SHAPE);
    const x0 = tf.tensor(X0, SHAPE);
    const before = tf.memory().numTensors;
    const out = step.step(xt, { x0 }, t, s, new ReplayRng([X0]));
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([xt, x0, out]);
  });
});

describe('RecoveredNoiseStep', () => {
  it('equals the interpolated step with σ̃ = 0', () => {
    const t = 0.55;
    const s = 0.2;
    const epsRec = XT.map((x, i) => (x - a(t) * X0[i]!) / b(t));
    const got = run(new RecoveredNoiseStep(new TrigProcess()), t, s, new ReplayRng([]));
    closeTo(
      got,
      X0.map((x, i) => a(s) * x + b(s) * epsRec[i]!),
    );
  });
});
