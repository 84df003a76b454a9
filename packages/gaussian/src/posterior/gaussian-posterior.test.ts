import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { randomNormal, SeededRng, type Conditioning, type Network } from '@udm/core';
import { ClassifierFreeGuidance } from '../guidance/classifier-free-guidance.js';
import { parameterizationOf } from '../parameterization/parameterization-registry.js';
import { VpProcess } from '../process/vp-process.js';
import { alphasCumprod } from '../schedules/beta-schedule.js';
import { LinearSchedule } from '../schedules/linear-schedule.js';
import { GaussianPosterior, NULL_LABEL } from './gaussian-posterior.js';

await tf.setBackend('cpu');
await tf.ready();

const process = new VpProcess(alphasCumprod(new LinearSchedule().betas(1000)));

/** Output = x·(1 + label/10); records the labels it saw. */
function spy(): Network & { seen: number[][] } {
  const seen: number[][] = [];
  return {
    seen,
    variables: new Map(),
    apply: (x: tf.Tensor, _t: tf.Tensor1D, cond?: Conditioning) => {
      const l = cond?.labels;
      if (l) seen.push(Array.from(l.dataSync()));
      return l ? tf.mul(x, tf.reshape(tf.add(1, tf.div(tf.cast(l, 'float32'), 10)), [-1, 1])) : tf.clone(x);
    },
  };
}

describe('GaussianPosterior', () => {
  const rng = new SeededRng(1);
  const x0 = randomNormal(rng, [1000, 2]);
  const eps = randomNormal(rng, [1000, 2]);
  const t = new Float64Array(1000).fill(100);
  const xt = process.forward(x0, eps, t);
  const labels = tf.tensor1d(
    Array.from({ length: 1000 }, (_, i) => i % 3),
    'int32',
  );

  it('label dropout replaces about p of the training labels by the null label, from its own RNG', () => {
    const net = spy();
    const post = new GaussianPosterior(process, net, parameterizationOf('epsilon'), {
      probability: 0.25,
      rng: new SeededRng(9),
    });
    post.loss({ x0, eps, xt, t }, { labels }).dispose();
    const dropped = net.seen[0]!.filter((l) => l === NULL_LABEL).length;
    expect(dropped / 1000).toBeGreaterThan(0.2);
    expect(dropped / 1000).toBeLessThan(0.3);
    expect(net.seen[0]!.every((l, i) => l === NULL_LABEL || l === i % 3)).toBe(true);
    // prediction never drops labels
    post.predict(xt, 100, { labels });
    expect(net.seen[1]!.filter((l) => l === NULL_LABEL).length).toBe(0);
  });

  it('weights the squared error by λ(t) (σ_t² for score)', () => {
    const net = spy();
    const post = new GaussianPosterior(process, net, parameterizationOf('score'));
    const loss = post.loss({ x0, eps, xt, t }).dataSync()[0]!;
    const s = process.sigma(100);
    const want = tf.tidy(() => tf.mean(tf.square(tf.add(tf.mul(xt, s), eps))).dataSync()[0]!);
    expect(loss).toBeCloseTo(want, 5); // σ²(x_t + ε/σ)² = (σ x_t + ε)²
  });

  it('is a raw-output model for classifier-free guidance (one 2B batch, null labels in the second half)', () => {
    const net = spy();
    const cfg = new ClassifierFreeGuidance(
      new GaussianPosterior(process, net, parameterizationOf('epsilon')),
      {
        scale: 2,
      },
    );
    const few = tf.tensor1d([0, 2], 'int32');
    const x = tf.ones([2, 2]);
    const out = cfg.guidedOutput(x, 50, { labels: few }).dataSync();
    expect(net.seen[0]).toEqual([0, 2, NULL_LABEL, NULL_LABEL]);
    // o_u = x·0.9, o_c = x·(1 + l/10): guided = 0.9 + 2·(o_c − 0.9)
    expect(out[0]).toBeCloseTo(0.9 + 2 * (1 - 0.9), 5);
    expect(out[2]).toBeCloseTo(0.9 + 2 * (1.2 - 0.9), 5);
    tf.dispose([few, x]);
  });
});
