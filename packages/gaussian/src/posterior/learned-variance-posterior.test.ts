import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { randomNormal, SeededRng, type Network } from '@udm/core';
import { parameterizationOf } from '../parameterization/parameterization-registry.js';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { posteriorVariance, transitionVariance } from '../steps/posterior-mean-step.js';
import { discretizedGaussianLogLikelihood } from '../metrics/discretized-gaussian.js';
import { LearnedVariancePosterior } from './learned-variance-posterior.js';

await tf.setBackend('cpu');
await tf.ready();

const process = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));

/** A network whose two output halves are a·(fixed mean output) and b (the variance value), a and b trainable. */
function twoHeaded(meanOut: tf.Tensor, value: number): Network & { a: tf.Variable; b: tf.Variable } {
  const a = tf.variable(tf.scalar(1));
  const b = tf.variable(tf.scalar(value));
  return {
    a,
    b,
    variables: new Map([
      ['a', a],
      ['b', b],
    ]),
    apply: (x) => tf.concat([tf.mul(meanOut, a), tf.mul(tf.onesLike(x), b)], 1),
  };
}

describe('LearnedVariancePosterior (L_hybrid)', () => {
  const rng = new SeededRng(3);
  const x0 = randomNormal(rng, [4, 2]);
  const eps = randomNormal(rng, [4, 2]);
  const t = new Float64Array(4).fill(5);
  const xt = process.forward(x0, eps, t);

  it('with an exact mean, the loss is λ·KL(N(μ̃, β̃) ‖ N(μ̃, v)) with log v = f log β + (1 − f) log β̃', () => {
    const value = 0.4;
    const net = twoHeaded(eps, value);
    const lambda = 0.5;
    const loss = new LearnedVariancePosterior(process, net, parameterizationOf('epsilon'), {
      vlbWeight: lambda,
    }).loss({
      x0,
      eps,
      xt,
      t,
    });
    const f = (value + 1) / 2;
    const [bt, b] = [posteriorVariance(process, 5, 4), transitionVariance(process, 5, 4)];
    const logV = f * Math.log(b) + (1 - f) * Math.log(bt);
    const kl = 0.5 * (logV - Math.log(bt) + bt / Math.exp(logV) - 1);
    expect(loss.dataSync()[0]).toBeCloseTo(lambda * kl, 6);
    tf.dispose([loss, net.a, net.b]);
  });

  it('the VLB term trains the variance only: the mean’s gradient does not depend on λ', () => {
    const grads = (lambda: number) => {
      const net = twoHeaded(tf.mul(eps, 0.7), -0.3);
      const post = new LearnedVariancePosterior(process, net, parameterizationOf('epsilon'), {
        vlbWeight: lambda,
      });
      const { value, grads } = tf.variableGrads(() => post.loss({ x0, eps, xt, t }), [net.a, net.b]);
      const [ga, gb] = [grads[net.a.name]!, grads[net.b.name]!];
      const out = { a: ga.dataSync()[0]!, b: gb.dataSync()[0]! };
      tf.dispose([value, ga, gb, net.a, net.b]);
      return out;
    };
    const [g0, g1] = [grads(0), grads(10)];
    expect(g1.a).toBeCloseTo(g0.a, 6);
    expect(g0.b).toBe(0);
    expect(Math.abs(g1.b)).toBeGreaterThan(1e-4);
  });

  it('at t = 0 the VLB term is the discretized Gaussian decoder −log p(x0 | x_0) with the learned variance', () => {
    const levels = tf.tensor2d([-1, 10 / 255, 1, 130 / 255], [2, 2]);
    const noise = randomNormal(new SeededRng(4), [2, 2]);
    const t0 = new Float64Array(2).fill(0);
    const xt0 = process.forward(levels, noise, t0);
    const value = -0.5;
    const net = twoHeaded(noise, value);
    const lambda = 2;
    const loss = new LearnedVariancePosterior(process, net, parameterizationOf('epsilon'), {
      vlbWeight: lambda,
    }).loss({ x0: levels, eps: noise, xt: xt0, t: t0 });
    const f = (value + 1) / 2;
    const logV =
      f * Math.log(transitionVariance(process, 0, -1)) + (1 - f) * Math.log(posteriorVariance(process, 1, 0));
    const x = Array.from(levels.dataSync());
    const nll = x.reduce((sum, v) => sum - discretizedGaussianLogLikelihood(v, v, logV), 0) / x.length;
    expect(loss.dataSync()[0]).toBeCloseTo(lambda * nll, 4);
    tf.dispose([loss, levels, noise, xt0, net.a, net.b]);
  });

  it('a network output of the wrong width names the expected shape', () => {
    const net: Network = { variables: new Map(), apply: (x) => tf.clone(x) };
    const post = new LearnedVariancePosterior(process, net, parameterizationOf('epsilon'));
    expect(() => post.predict(xt, 5)).toThrow(
      /learned variance: expected the network output of shape \[4, 4\] \(axis 1 = 2·2.*got \[4, 2\]/,
    );
    expect(
      () => new LearnedVariancePosterior(process, net, parameterizationOf('epsilon'), { vlbWeight: -1 }),
    ).toThrow(/vlbWeight: expected ≥ 0, got -1/);
  });

  it('predicts a varianceValue for the learned_range step', () => {
    const net = twoHeaded(eps, 0.2);
    const p = new LearnedVariancePosterior(process, net, parameterizationOf('epsilon')).predict(xt, 5);
    expect(Array.from(p.varianceValue!.dataSync()).every((v) => Math.abs(v - 0.2) < 1e-6)).toBe(true);
    tf.dispose([p.x0, p.eps, p.varianceValue!, net.a, net.b]);
  });
});
