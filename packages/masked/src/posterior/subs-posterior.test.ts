import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ContinuousScheduleClock, DiscreteScheduleClock, LinearKeepSchedule, SeededRng } from '@udm/core';
import { MaskingProcess } from '../process/masking-process.js';
import { crossEntropyObjective } from './cross-entropy-objective.js';
import { nelboObjective } from './nelbo-objective.js';
import { SubsPosterior } from './subs-posterior.js';
import { UnigramNetwork } from './test-networks.js';

await tf.setBackend('cpu');
await tf.ready();

const V = 5;
const MASK = 4;
const process = new MaskingProcess(new LinearKeepSchedule(), new ContinuousScheduleClock(), MASK, V);
const logits = [0.3, -1, 2, 0.5, 7]; // a large [MASK] logit that SUBS must ignore
const net = new UnigramNetwork(logits);

/** softmax over the non-mask ids, in float64. */
const z = logits.slice(0, MASK).reduce((a, v) => a + Math.exp(v), 0);
const prob = (v: number) => Math.exp(logits[v]!) / z;

const x0 = tf.tensor2d(
  [
    [0, 1, 2, 3],
    [3, 3, 0, 2],
  ],
  [2, 4],
  'int32',
);
const xt = tf.tensor2d(
  [
    [0, MASK, MASK, 3],
    [MASK, 3, MASK, MASK],
  ],
  [2, 4],
  'int32',
);
const t = Float64Array.from([0.4, 0.8]);

describe('SUBS posterior', () => {
  const posterior = new SubsPosterior(process, net, nelboObjective);

  it('[MASK] has probability 0; masked positions get the network softmax over the other ids', () => {
    const p = posterior.predict(xt, 0.5);
    const lp = p.logProbs.arraySync() as number[][][];
    const probs = lp[0]![1]!.map(Math.exp);
    expect(probs[MASK]).toBe(0);
    for (let v = 0; v < MASK; v++) expect(probs[v]).toBeCloseTo(prob(v), 6);
    expect(Array.from(p.x0.dataSync())).toEqual([0, 2, 2, 3, 2, 3, 2, 2]);
    tf.dispose([p.logProbs, p.x0]);
  });

  it('carries unmasked tokens over: q(x0^l = x_t^l | x_t) = 1', () => {
    const p = posterior.predict(xt, 0.5);
    const lp = p.logProbs.arraySync() as number[][][];
    expect(lp[0]![0]!.map(Math.exp)).toEqual([1, 0, 0, 0, 0]);
    expect(lp[1]![1]!.map(Math.exp)).toEqual([0, 0, 0, 1, 0]);
    tf.dispose([p.logProbs, p.x0]);
  });

  it('token NLL: −log q(x0^l | x_t) at masked positions, 0 elsewhere', () => {
    const nll = posterior.tokenNll(xt, x0, t).arraySync() as number[][];
    const expected = [
      [0, -Math.log(prob(1)), -Math.log(prob(2)), 0],
      [-Math.log(prob(3)), 0, -Math.log(prob(0)), -Math.log(prob(2))],
    ];
    expected.forEach((row, b) => row.forEach((v, l) => expect(nll[b]![l]).toBeCloseTo(v, 5)));
  });

  it('NELBO loss: mean over the batch of w(t_b)·Σ_l NLL, per token; w = 1/t for the linear schedule', () => {
    const nll0 = -Math.log(prob(1)) - Math.log(prob(2));
    const nll1 = -Math.log(prob(3)) - Math.log(prob(0)) - Math.log(prob(2));
    const expected = (nll0 / 0.4 + nll1 / 0.8) / 2 / 4;
    const loss = posterior.loss({ x0, xt, eps: tf.zeros([2, 4]), t });
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    const seq = posterior.sequenceNelbo({ x0, xt, eps: tf.zeros([2, 4]), t }).dataSync();
    expect(seq[0]).toBeCloseTo(nll0 / 0.4, 5);
    expect(seq[1]).toBeCloseTo(nll1 / 0.8, 5);
  });

  it('the discrete clock weights the same NLL by T(α_{t−1} − α_t)/(1 − α_t)', () => {
    const d = new MaskingProcess(new LinearKeepSchedule(), new DiscreteScheduleClock(10), MASK, V);
    const post = new SubsPosterior(d, net, nelboObjective);
    const seq = post
      .sequenceNelbo({ x0, xt, eps: tf.zeros([2, 4]), t: Float64Array.from([3, 7]) })
      .dataSync();
    const nll0 = -Math.log(prob(1)) - Math.log(prob(2));
    expect(seq[0]).toBeCloseTo((10 / 4) * nll0, 5);
  });

  it('the seed’s plain cross-entropy: Σ NLL / number of masked tokens', () => {
    const ce = new SubsPosterior(process, net, crossEntropyObjective);
    const total =
      -Math.log(prob(1)) - Math.log(prob(2)) - Math.log(prob(3)) - Math.log(prob(0)) - Math.log(prob(2));
    expect(ce.loss({ x0, xt, eps: tf.zeros([2, 4]), t }).dataSync()[0]).toBeCloseTo(total / 5, 5);
  });

  it('gradients reach the network and minimising the NELBO recovers the data’s token frequencies', () => {
    const learner = new UnigramNetwork([0, 0, 0, 0, 0]);
    const post = new SubsPosterior(process, learner, nelboObjective);
    const rng = new SeededRng(1);
    const freq = [0.1, 0.2, 0.3, 0.4];
    const data = tf.tensor2d(
      Int32Array.from({ length: 64 * 10 }, (_, i) => [0, 1, 1, 2, 2, 2, 3, 3, 3, 3][i % 10]!),
      [64, 10],
      'int32',
    );
    const opt = tf.train.adam(0.05);
    for (let i = 0; i < 300; i++) {
      tf.tidy(() => {
        const tt = process.time.sample(64, rng);
        const eps = process.sampleNoise(data, rng);
        const xtt = process.forward(data, eps, tt);
        opt.minimize(() => post.loss({ x0: data, eps, xt: xtt, t: tt }), false, [
          ...learner.variables.values(),
        ]);
      });
    }
    const p = tf.tidy(() => tf.softmax(tf.slice(learner.variables.get('logits')!, [0], [MASK])).dataSync());
    freq.forEach((f, v) => expect(p[v]).toBeCloseTo(f, 1));
    tf.dispose([data]);
    opt.dispose();
    learner.dispose();
  });

  it('predict and loss leak no tensors', () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const p = posterior.predict(xt, 0.3);
      tf.dispose([p.logProbs, p.x0]);
      tf.dispose(tf.tidy(() => posterior.loss({ x0, xt, eps: tf.zeros([2, 4]), t })));
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
