import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LeadingGrid, sample, SeededRng, stepPairs, type Predictor, type Time } from '@udm/core';
import { GaussianMixtureOracle, sampleMoments, type MixtureComponent } from '@udm/testing';
import type { GaussianPrediction } from '../parameterization/gaussian-prediction.js';
import { parameterizationOf } from '../parameterization/parameterization-registry.js';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { DdimStep } from '../steps/ddim-step.js';
import { ClassifierFreeGuidance, type RawOutputModel } from './classifier-free-guidance.js';
import { ClassifierGuidance } from './classifier-guidance.js';

await tf.setBackend('cpu');
await tf.ready();

const vp = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));
const COMPONENTS: MixtureComponent[] = [
  { weight: 0.5, mean: [-1, 0], std: 0.25 },
  { weight: 0.5, mean: [1, 0.5], std: [0.2, 0.4] },
];
const mixture = new GaussianMixtureOracle(vp, COMPONENTS);
const perClass = COMPONENTS.map((c) => new GaussianMixtureOracle(vp, [{ ...c, weight: 1 }]));

/** An exact class-conditional ε-model: label k → the oracle of component k, label −1 → the whole mixture. */
const exactModel: RawOutputModel = {
  process: vp,
  parameterization: parameterizationOf('epsilon'),
  output(xt: tf.Tensor, t: Time, cond) {
    const labels = cond!.labels!.dataSync();
    const all = [mixture, ...perClass].map((o) => {
      const p = o.predict(xt, t);
      const eps = p.eps.dataSync();
      tf.dispose([p.x0, p.eps]);
      return eps;
    });
    const out = new Float32Array(xt.size);
    labels.forEach((l, i) => out.set(all[l + 1]!.subarray(2 * i, 2 * i + 2), 2 * i));
    return tf.tensor(out, xt.shape);
  },
};

function drawWith(predictor: Predictor<tf.Tensor, GaussianPrediction>, label: number) {
  const n = 1500;
  const labels = tf.fill([n], label, 'int32') as tf.Tensor1D;
  const { x0 } = sample({
    process: vp,
    predictor,
    step: new DdimStep(vp),
    pairs: stepPairs(vp.time, new LeadingGrid().times(vp.time, 50)),
    shape: [n, 2],
    rng: new SeededRng(3),
    cond: { labels },
  });
  const m = sampleMoments(x0.dataSync(), 2);
  tf.dispose([x0, labels]);
  return m;
}

describe('classifier-free guidance', () => {
  it('w = 1 samples the class’s own distribution; w = 0 the unconditional mixture', () => {
    const m1 = drawWith(new ClassifierFreeGuidance(exactModel, { scale: 1 }), 1);
    expect(m1.mean[0]).toBeCloseTo(1, 1);
    expect(m1.mean[1]).toBeCloseTo(0.5, 1);
    expect(Math.sqrt(m1.covariance[3]!)).toBeCloseTo(0.4, 1);
    const m0 = drawWith(new ClassifierFreeGuidance(exactModel, { scale: 0 }), 1);
    expect(m0.mean[0]).toBeCloseTo(0, 1); // the mixture mean
    expect(m0.covariance[0]).toBeGreaterThan(0.9);
  });

  it('w > 1 pushes samples beyond the class (the mean moves away from the other class)', () => {
    const m3 = drawWith(new ClassifierFreeGuidance(exactModel, { scale: 3 }), 0);
    expect(m3.mean[0]).toBeLessThan(-1);
  });

  it('combines o_u + w(o_c − o_u) and rescales to std(o_c) with φ (unbiased std per sample)', () => {
    const model: RawOutputModel = {
      process: vp,
      parameterization: parameterizationOf('epsilon'),
      // conditional output 2·x + label, unconditional x
      output: (xt, _t, cond) =>
        tf.tidy(() => {
          const l = tf.reshape(tf.cast(cond!.labels!, 'float32'), [-1, 1]);
          const isNull = tf.cast(tf.equal(l, -1), 'float32');
          return tf.add(tf.mul(isNull, xt), tf.mul(tf.sub(1, isNull), tf.add(tf.mul(xt, 2), l)));
        }),
    };
    const x = [0.5, -1, 2];
    const xt = tf.tensor2d([x]);
    const labels = tf.tensor1d([1], 'int32');
    const [w, phi] = [4, 0.7];
    const got = new ClassifierFreeGuidance(model, { scale: w, rescale: phi })
      .guidedOutput(xt, 10, { labels })
      .dataSync();
    const c = x.map((v) => 2 * v + 1);
    const g = x.map((v, i) => v + w * (c[i]! - v));
    const std = (a: number[]) => {
      const m = a.reduce((s, v) => s + v, 0) / a.length;
      return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1));
    };
    const ratio = std(c) / std(g);
    g.forEach((v, i) => expect(got[i]).toBeCloseTo(phi * v * ratio + (1 - phi) * v, 4));
    tf.dispose([xt, labels]);
  });

  it('needs labels', () => {
    const xt = tf.zeros([1, 2]);
    expect(() => new ClassifierFreeGuidance(exactModel, { scale: 2 }).predict(xt, 5)).toThrow(/cond.labels/);
    expect(() => new ClassifierFreeGuidance(exactModel, { scale: 2, rescale: 2 })).toThrow(/rescale/);
    xt.dispose();
  });
});

describe('classifier guidance', () => {
  it('with the exact ∇log p(y | x_t) and w = 1 it samples the class’s distribution', () => {
    // log p(y = k | x_t) = log π_k N_k(x_t) − log p(x_t): its gradient is score_k − score_mixture.
    const k = 0;
    const gradient = (xt: tf.Tensor, t: Time) => {
      const x = xt.dataSync();
      const sk = perClass[k]!.score(x, t);
      const sm = mixture.score(x, t);
      return tf.tensor(
        Float32Array.from(sk, (v, i) => v - sm[i]!),
        xt.shape,
      );
    };
    const m = drawWith(new ClassifierGuidance(mixture, vp, gradient, 1), k);
    expect(m.mean[0]).toBeCloseTo(-1, 1);
    expect(m.mean[1]).toBeCloseTo(0, 1);
    expect(Math.sqrt(m.covariance[0]!)).toBeCloseTo(0.25, 1);
  });
});
